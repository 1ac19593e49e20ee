export { defineGitPortContract, type ContractPort } from './define-git-port-contract.js';
export { buildContractFixture, type ContractFixture } from './build-contract-fixture.js';

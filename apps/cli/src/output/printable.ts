// The escaping lives in @relctl/core (the engine escapes the run state's step descriptions with
// it too); human output imports it from here.
export { printable, quotePath } from '@relctl/core';

export { orderByDependencies, type OrderByDependenciesOptions } from './order-by-dependencies.js';

/** @module Shared pieces of the test lab (LAB.md): network namespaces and polling. */
export { Netns, netnsUnavailable } from './netns.js';
export { waitFor } from './wait-for.js';

/** @module Shared pieces of the test lab (LAB.md): network namespaces and polling. */
export { Netns, netnsUnavailable } from './netns.js';
export { waitFor } from './wait-for.js';
export { startInNetns, cleanEnv, type Child, type StartOptions } from './child-in-netns.js';

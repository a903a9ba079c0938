/** @module The monitor as a library: start it with a loaded config. */
export { startMonitor, type MonitorDeps, type RunningMonitor } from './monitor.js';

/** @module Durable file writes: temp file, fsync, rename, fsync of the directory. */
export { writeFileDurable, fsyncDir, ensureDir } from './write-file-durable.js';

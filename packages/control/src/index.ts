/** @module Silences and acknowledgements: their shapes, the checks of what people ask for, and the requests the monitor applies. */
export { emptySilenceState, readSilenceState, silenceActive, type Acknowledgement, type Silence, type SilenceState } from './silence.js';
export { ControlInputError, commentFrom, isSilenceId, newSilenceId, silenceFromInput, MAX_SILENCE_MS, type KnownTarget, type SilenceContext } from './control-input.js';
export { parseControlRequest, pendingControlRequests, removeControlRequest, writeControlRequest, type ControlRequest, type FoundRequest } from './control-request.js';

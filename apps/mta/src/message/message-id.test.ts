import { describe, expect, it } from 'vitest';
import { findMessageId } from './message-id.js';

describe('findMessageId', () => {
  it('reads a folded header, case-insensitively, only from the header section', () => {
    expect(findMessageId(Buffer.from('Subject: x\r\nmessage-ID:\r\n <abc.1@sensor.lab>\r\n\r\nbody'))).toBe('<abc.1@sensor.lab>');
    expect(findMessageId(Buffer.from('Subject: x\n\nMessage-ID: <in-body@x>\n'))).toBeUndefined();
    expect(findMessageId(Buffer.from('Subject: x\r\n\r\n'))).toBeUndefined();
  });
});

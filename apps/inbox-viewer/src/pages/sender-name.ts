/** @module The display name of a sender for the inbox list, found without a regular expression (mail is hostile input). */

/** The most characters of a From text that are looked at, and of a name that is shown. */
export const SENDER_CHARS = 200;

function clip(text: string): string {
  return text.length > SENDER_CHARS ? `${text.slice(0, SENDER_CHARS - 1)}…` : text;
}

/** The display name of an address list entry (`"Uptime" <a@b>` -> `Uptime`), its address when the name is blank, else the whole text. */
export function senderName(from: string): string {
  const text = from.trim();
  const lt = text.endsWith('>') ? text.lastIndexOf('<') : -1;
  if (lt < 0) return clip(text);
  let name = text.slice(0, lt).trim();
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1).trim();
  return clip(name || text.slice(lt + 1, -1).trim() || text);
}

/** @module The silences page: those in force (and those waiting for the monitor), each with a Delete button, and a form to add one. */
import { html } from 'hono/html';
import type { ListedSilence } from '../silence-requests.js';
import type { TargetDetail } from '../status-source.js';
import { when } from './format.js';
import { page, type Markup } from './layout.js';
import { durationSelect } from './silence-forms.js';

function row(s: ListedSilence, csrf: string): Markup {
  return html`<tr><td>${s.targets.length ? s.targets.join(', ') : 'every target'}</td><td>${when(s.until)}</td><td>${s.author}</td><td>${s.comment}${s.waiting ? html` <span class="muted">(waiting for the monitor)</span>` : ''}</td>
<td><form method="post" action="/silences/${s.id}/delete"><input type="hidden" name="csrf" value="${csrf}"><button type="submit" class="danger" aria-label="Delete the silence of ${s.targets.length ? s.targets.join(', ') : 'every target'}">Delete</button></form></td></tr>`;
}

/** The page; `targets` fill the choice of what to silence (names and tags). */
export function silencesPage(silences: ListedSilence[], targets: TargetDetail[], csrf: string): Markup {
  const tags = [...new Set(targets.flatMap((t) => t.tags))].sort();
  const list =
    silences.length === 0
      ? html`<p class="muted">No silences in force.</p>`
      : html`<table class="stack"><thead><tr><th>Targets</th><th>Until</th><th>Author</th><th>Comment</th><th><span class="visually-hidden">Actions</span></th></tr></thead><tbody>${silences.map((s) => row(s, csrf))}</tbody></table>`;
  const form = html`<h2>Add a silence</h2>
<p class="muted">Changes of the targets chosen are still recorded; their emails are held back until the silence ends. A target still down then gets one DOWN email.</p>
<form method="post" action="/silences" class="silence-form"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="back" value="/silences">
<p><label for="silence-targets">Targets (none chosen = every target)</label><br><select id="silence-targets" name="targets" multiple size="${Math.min(8, Math.max(2, targets.length + tags.length))}">
${targets.map((t) => html`<option value="${t.name}">${t.name}</option>`)}${tags.map((tag) => html`<option value="tag:${tag}">tag:${tag}</option>`)}</select></p>
<p><label for="silence-for">For</label> ${durationSelect('silence-for', true)} <label for="silence-until">or until</label> <input id="silence-until" name="until" placeholder="2026-12-24T08:00:00+01:00"></p>
<p><label for="silence-comment">Comment</label> <input id="silence-comment" name="comment" size="40"></p>
<p><button type="submit">Add silence</button></p></form>`;
  return page('Silences', 'silences', html`<h1>Silences</h1>${list}${form}`, 'status');
}

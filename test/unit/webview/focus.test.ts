// Keys typed into the panel's text fields stay text: the review keys (r rejects, a accepts, digits label) never
// reach VS Code's keybindings from a field, whatever the host has yet heard about the focus.
import assert from 'node:assert/strict';
import { isTextField, isTypedText } from '../../../webview/focus';

const el = (tagName: string, isContentEditable = false) => ({ tagName, isContentEditable }) as unknown as EventTarget;
const key = (k: string, target: EventTarget, mods: Partial<Record<'altKey' | 'ctrlKey' | 'metaKey', boolean>> = {}) =>
  ({ key: k, target, altKey: false, ctrlKey: false, metaKey: false, ...mods });

describe('keys typed into a text field', () => {
  it('inputs, text areas, selects and editable elements are text fields; the list and the detail are not', () => {
    for (const t of ['INPUT', 'TEXTAREA', 'SELECT']) assert.equal(isTextField(el(t)), true, t);
    assert.equal(isTextField(el('DIV', true)), true);
    assert.equal(isTextField(el('DIV')), false);
    assert.equal(isTextField(el('BUTTON')), false);
    assert.equal(isTextField(null), false);
  });

  it('every review key typed into the search box is text, kept from VS Code', () => {
    for (const k of ['r', 'a', 'f', 'u', 'j', 'k', 'n', 'd', '/', '?', '2', 'R', ' ', 'é', '😀']) assert.equal(isTypedText(key(k, el('INPUT'))), true, k);
  });

  it('named keys and keys with Ctrl, Alt or Cmd still reach VS Code; keys outside a field are the panel\'s', () => {
    for (const k of ['Escape', 'Enter', 'F1', 'ArrowDown', 'Tab']) assert.equal(isTypedText(key(k, el('INPUT'))), false, k);
    assert.equal(isTypedText(key('p', el('INPUT'), { ctrlKey: true })), false);
    assert.equal(isTypedText(key('p', el('INPUT'), { metaKey: true })), false);
    assert.equal(isTypedText(key('r', el('INPUT'), { altKey: true })), false);
    assert.equal(isTypedText(key('r', el('DIV'))), false);
  });
});

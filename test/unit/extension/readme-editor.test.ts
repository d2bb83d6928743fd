// README's sentences about the editor against the code that does it (found wrong by a walk of the editor).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const readme = () => readFileSync('README.md', 'utf8').replace(/\s+/g, ' ');

describe('README on the editor', () => {
  it('Curate Dataset ends in a notification whose Review Selection opens the panel (it does not open by itself)', () => {
    const code = readFileSync('src/extension/curateCommand.ts', 'utf8');
    // From the palette and the tree no `review: true` is passed: the notification's button is the way to the panel.
    assert.match(code, /showInformationMessage\(message, 'Review Selection'\)/);
    assert.doesNotMatch(readme(), /the run shows its funnel in the terminal and the review panel opens on the selection/);
    assert.match(readme(), /the run shows its funnel in the terminal, then a notification says how many samples the selection holds \(and why, when fewer than the target\); its \*\*Review Selection\*\* opens the review panel on the selection, with the funnel drawn above the list/);
  });
});

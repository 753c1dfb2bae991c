import { listenForScans } from '../../renderer/checkout/scanner-listener';

/** What a browser does for one key: keydown, then (unless prevented) the character lands in the focused field. */
function press(key: string, at: number, clock: { now: number }, repeat = false) {
  clock.now = at;
  const target = document.activeElement ?? document.body;
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, repeat });
  const allowed = target.dispatchEvent(event);
  if (allowed && key.length === 1 && target instanceof HTMLInputElement) {
    target.value += key;
    target.dispatchEvent(new Event('input', { bubbles: true }));
  }
  return event;
}

function typeKeys(text: string, start: number, gap: number, clock: { now: number }) {
  [...text].forEach((key, i) => {
    press(key, start + i * gap, clock);
  });
  return start + (text.length - 1) * gap;
}

describe('scan listener on the page', () => {
  let stop: () => void = () => {};
  afterEach(() => {
    stop();
    document.body.innerHTML = '';
  });

  function setUp() {
    document.body.innerHTML = '<form><input id="note" value=""><button>Go</button></form>';
    const input = document.getElementById('note') as HTMLInputElement;
    const clock = { now: 0 };
    const scans: string[] = [];
    const enters: string[] = [];
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') enters.push(input.value);
    });
    stop = listenForScans(window, (code) => scans.push(code), { timeOf: () => clock.now });
    input.focus();
    return { input, clock, scans, enters };
  }

  it('takes a scan typed into a focused field back out, keeps what the cashier typed, and swallows its Enter', () => {
    const { input, clock, scans, enters } = setUp();
    const last = typeKeys('Jua', 0, 150, clock);
    const end = typeKeys('2900000012342', last + 400, 4, clock);
    const enter = press('Enter', end + 4, clock);
    expect(scans).toEqual(['2900000012342']);
    expect(input.value).toBe('Jua');
    expect(enter.defaultPrevented).toBe(true);
    expect(enters).toEqual([]);
    typeKeys('n', end + 500, 0, clock);
    expect(input.value).toBe('Juan');
  });

  it('lets a person type and press Enter in the same field as usual', () => {
    const { input, clock, scans, enters } = setUp();
    const last = typeKeys('7451234567895', 0, 120, clock);
    const enter = press('Enter', last + 200, clock);
    expect(scans).toEqual([]);
    expect(enter.defaultPrevented).toBe(false);
    expect(enters).toEqual(['7451234567895']);
    expect(input.value).toBe('7451234567895');
  });

  it('hears a scan with the focus on no field at all', () => {
    const { input, clock, scans } = setUp();
    input.blur();
    const end = typeKeys('7450000000017', 0, 3, clock);
    press('Enter', end + 3, clock);
    expect(scans).toEqual(['7450000000017']);
    expect(input.value).toBe('');
  });

  it('ignores a key held down: its repeats are not a scanner, however fast they come', () => {
    const { input, clock, scans, enters } = setUp();
    press('a', 0, clock);
    for (let i = 1; i <= 12; i++) press('a', i * 20, clock, true);
    press('Enter', 300, clock);
    expect(scans).toEqual([]);
    expect(input.value).toBe('a'.repeat(13));
    expect(enters).toEqual(['a'.repeat(13)]);
  });

  it('stops listening when asked', () => {
    const { clock, scans } = setUp();
    stop();
    const end = typeKeys('7450000000017', 0, 3, clock);
    press('Enter', end + 3, clock);
    expect(scans).toEqual([]);
  });
});

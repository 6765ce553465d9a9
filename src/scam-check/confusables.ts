// Letters from other alphabets that look like Latin ones ("vietcombаnk" with a
// Cyrillic "а"). A host mixing scripts in one label is a look-alike; its
// skeleton (each look-alike replaced by the Latin letter it imitates) tells
// which official name it imitates. A short table of the usual suspects, after
// Unicode's confusables list (Cyrillic, Greek, Armenian and a few symbols).

const CONFUSABLES: Record<string, string> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  с: 'c',
  ԁ: 'd',
  е: 'e',
  ё: 'e',
  һ: 'h',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  ӏ: 'l',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  ԛ: 'q',
  ѕ: 's',
  т: 't',
  у: 'y',
  ѵ: 'v',
  ԝ: 'w',
  х: 'x',
  ү: 'y',
  ԍ: 'g',
  п: 'n',
  г: 'r',
  // Greek
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  γ: 'y',
  // Armenian
  օ: 'o',
  ս: 'u',
  հ: 'h',
  ո: 'n',
  ց: 'g',
  զ: 'q',
  // Latin look-alikes and symbols
  ı: 'i',
  ɡ: 'g',
  ℓ: 'l',
  '０': '0',
  '１': '1',
  '．': '.',
  '。': '.',
};

const SCRIPTS = ['Latin', 'Cyrillic', 'Greek', 'Armenian', 'Han', 'Hangul', 'Thai', 'Arabic', 'Hebrew'] as const;
const SCRIPT_PATTERNS = SCRIPTS.map((script) => [script, new RegExp(`\\p{Script=${script}}`, 'u')] as const);

/** The host with every look-alike letter replaced by the Latin one it imitates. */
export function confusableSkeleton(host: string): string {
  return [...host.normalize('NFKC').toLowerCase()].map((char) => CONFUSABLES[char] ?? char).join('');
}

/** A label that mixes alphabets, or uses only look-alikes of Latin letters: never a real site's name. */
export function hasMixedScripts(host: string): boolean {
  return host.split('.').some((label) => {
    const scripts = new Set<string>();
    for (const char of label) {
      const script = SCRIPT_PATTERNS.find(([, pattern]) => pattern.test(char))?.[0];
      if (script) scripts.add(script);
    }
    if (scripts.size > 1) return true;
    // "аррӏе": every letter a Cyrillic look-alike of a Latin one.
    return !scripts.has('Latin') && scripts.size === 1 && [...label].every((char) => char in CONFUSABLES || /[\d-]/.test(char));
  });
}

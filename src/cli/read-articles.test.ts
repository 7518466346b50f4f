import { describe, expect, it } from 'vitest';
import { detokenize } from './read-articles.js';

describe('detokenize', () => {
  it('writes tokenised text (Timeline17, ECB+) the way it reads, single quotation marks included', () => {
    expect(detokenize("`` This is the time to say one thing only , ` Egypt is above all else . ' '' His words -LRB- rare -RRB- did n't stop")).toBe(
      '"This is the time to say one thing only, ‘Egypt is above all else.’" His words (rare) didn\'t stop',
    );
    expect(detokenize("William 's parents ' divorce cost $ 5m")).toBe('William\'s parents’ divorce cost $5m');
    expect(detokenize("said Fadel Gheit , analyst with Oppenheimer & Co. . `` It 's a possibility . ''")).toBe('said Fadel Gheit, analyst with Oppenheimer & Co. "It\'s a possibility."');
    expect(detokenize("BACK -LCB- current -RCB- of -LCB- total -RCB- NEXT `` Let 's say 98 % '' -LSB- sic -RSB-")).toBe('BACK {current} of {total} NEXT "Let\'s say 98%" [sic]');
    // Text that was never tokenised is left alone.
    expect(detokenize("It's the parents' call, ` said nobody")).toBe("It's the parents' call, ` said nobody");
  });
});

import { describe, expect, it } from 'vitest';
import { parseCatalogueCsv } from './index.js';

describe('catalogue CSV import', () => {
  it('reads quoted fields, tag lists and an optional disclosure', () => {
    const csv = 'id,name,blurb,url,tags,disclosure\r\nlamp-1,"Lantern, 900 lm","Says ""bright""",https://shop.example/l,power|outage; flood,Affiliate link\nradio-1,Radio,,https://shop.example/r,radio,\n';
    expect(parseCatalogueCsv(csv)).toEqual([
      { id: 'lamp-1', name: 'Lantern, 900 lm', blurb: 'Says "bright"', url: 'https://shop.example/l', tags: ['power', 'outage', 'flood'], disclosure: 'Affiliate link' },
      { id: 'radio-1', name: 'Radio', blurb: '', url: 'https://shop.example/r', tags: ['radio'], disclosure: null },
    ]);
  });

  it('says which column or row is wrong', () => {
    expect(() => parseCatalogueCsv('id,name,url\nx,y,z')).toThrow(/"tags" column/);
    expect(() => parseCatalogueCsv('id,name,url,tags\n,y,,a')).toThrow(/row 2/);
  });
});

import { describe, expect, it } from 'vitest';
import { parseCatalogue, parseCatalogueCsv } from './catalogue.js';

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

  it('reads JSON, as a list or under "products", and rejects bad products by number', () => {
    const item = { id: 'f1', name: 'Filter', blurb: 'Clean water', url: 'https://shop.example/f', tags: ['water'] };
    expect(parseCatalogue(JSON.stringify([item]))).toEqual([{ ...item, disclosure: null }]);
    expect(parseCatalogue(JSON.stringify({ products: [item] }))[0]!.id).toBe('f1');
    expect(() => parseCatalogue(JSON.stringify([item, { ...item, id: 'f2', url: 'javascript:alert(1)' }]))).toThrow(/product 2: url/);
    expect(() => parseCatalogue(JSON.stringify([item, item]))).toThrow(/duplicate id "f1"/);
    expect(() => parseCatalogue('{"products": 3}')).toThrow(/list of products/);
    expect(() => parseCatalogue('[{')).toThrow(/catalogue JSON/);
  });
});

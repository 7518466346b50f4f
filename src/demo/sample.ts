import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Product } from '../model/index.js';

export interface SampleOutlet {
  slug: string;
  name: string;
  format: 'rss' | 'atom' | 'json';
}

export interface SampleReport {
  id: string;
  /** Ground-truth story label, used by tests only; never published in the feeds. */
  story: string;
  outlet: string;
  published: string;
  title: string;
  byline: string;
  paragraphs: string[];
}

export interface Sample {
  notice: string;
  outlets: SampleOutlet[];
  reports: SampleReport[];
}

export const SAMPLE_DIR = fileURLToPath(new URL('../../sample/', import.meta.url));

export function loadSample(): Sample {
  return JSON.parse(readFileSync(`${SAMPLE_DIR}reports.json`, 'utf8')) as Sample;
}

export function loadSampleCatalogue(): Product[] {
  return (JSON.parse(readFileSync(`${SAMPLE_DIR}catalogue.json`, 'utf8')) as { products: Product[] }).products;
}

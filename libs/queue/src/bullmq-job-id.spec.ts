import { decodeJobId, encodeJobId } from './bullmq-job-id';

const TRICKY = [
  'inspect:io.github.acme/weather@1.2.0',
  'a:b',
  'a%3Ab',
  'a%3Ab:',
  '%',
  '%%3A',
  '::',
  '123',
  '0',
  '-7',
  '1e3',
  '007',
  '12abc',
  '@scope/pkg@^1.0.0',
  'ünï cödé ✓ 🚀',
  ' spaced ',
  '%25',
];

describe('BullMQ job ids', () => {
  it('round-trips every id exactly', () => {
    for (const id of TRICKY) expect(decodeJobId(encodeJobId(id))).toBe(id);
  });

  it('never gives BullMQ a ":" or an integer-looking id', () => {
    for (const id of TRICKY) {
      const encoded = encodeJobId(id);
      expect(encoded).not.toContain(':');
      expect(`${parseInt(encoded, 10)}`).not.toBe(encoded);
    }
  });

  it('gives different ids different encodings', () => {
    expect(new Set(TRICKY.map(encodeJobId)).size).toBe(TRICKY.length);
  });

  it('leaves ids readable', () => {
    expect(encodeJobId('inspect:io.github.acme/weather@1.2.0')).toBe('inspect%3Aio.github.acme/weather@1.2.0');
    expect(encodeJobId('123')).toBe('%3123');
    expect(encodeJobId('plain-id')).toBe('plain-id');
  });
});

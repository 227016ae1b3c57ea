import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readTextIfExists, writeHostFile as writeFileAtomic } from './host-file';
import { HostFileError } from './types';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpm-atomic-'));
});

afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

const mode = (file: string) => fs.statSync(file).mode & 0o777;
const tempFiles = (folder: string) => fs.readdirSync(folder).filter((name) => name.endsWith('.tmp'));

describe('writeFileAtomic', () => {
  it('creates missing folders and a private new file', () => {
    const file = path.join(dir, 'a', 'b', 'mcp.json');
    expect(writeFileAtomic(file, '{}\n', { backup: true })).toEqual({});
    expect(fs.readFileSync(file, 'utf8')).toBe('{}\n');
    expect(mode(file)).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['mcp.json']);
  });

  it('replaces an existing file, keeping its mode', () => {
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, 'old');
    fs.chmodSync(file, 0o640);
    expect(writeFileAtomic(file, 'new')).toEqual({});
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    expect(mode(file)).toBe(0o640);
    expect(fs.readdirSync(dir)).toEqual(['settings.json']);
  });

  it('backs up the previous content when asked, replacing an older backup', () => {
    const file = path.join(dir, 'config.toml');
    fs.writeFileSync(file, 'v1');
    fs.writeFileSync(`${file}.mcpm-backup`, 'v0');
    expect(writeFileAtomic(file, 'v2', { backup: true })).toEqual({ backup: `${file}.mcpm-backup` });
    expect(fs.readFileSync(`${file}.mcpm-backup`, 'utf8')).toBe('v1');
    expect(fs.readFileSync(file, 'utf8')).toBe('v2');
  });

  it('leaves the original and no temp file behind when the write fails', () => {
    const file = path.join(dir, 'mcp.json');
    fs.writeFileSync(file, 'original');
    jest.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
    });
    expect(() => writeFileAtomic(file, 'new')).toThrow(
      new HostFileError(file, `cannot write ${file}: EIO: i/o error, rename`),
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('original');
    expect(tempFiles(dir)).toEqual([]);
  });

  it('refuses to replace a directory', () => {
    const target = path.join(dir, 'mcp.json');
    fs.mkdirSync(target);
    expect(() => writeFileAtomic(target, '{}')).toThrow(HostFileError);
    expect(fs.statSync(target).isDirectory()).toBe(true);
    expect(tempFiles(dir)).toEqual([]);
  });

  it('writes through a symlink, keeping the link', () => {
    const real = path.join(dir, 'dotfiles', 'settings.json');
    fs.mkdirSync(path.dirname(real));
    fs.writeFileSync(real, 'old');
    const link = path.join(dir, 'settings.json');
    fs.symlinkSync(real, link);
    writeFileAtomic(link, 'new', { backup: true });
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toBe('new');
    expect(fs.readFileSync(`${link}.mcpm-backup`, 'utf8')).toBe('old');
  });
});

describe('readTextIfExists', () => {
  it('reads a file, and gives undefined for a missing one', () => {
    const file = path.join(dir, 'a.json');
    fs.writeFileSync(file, 'text');
    expect(readTextIfExists(file)).toBe('text');
    expect(readTextIfExists(path.join(dir, 'missing.json'))).toBeUndefined();
    expect(readTextIfExists(path.join(dir, 'no', 'such', 'dir.json'))).toBeUndefined();
  });

  it('explains a path that exists but cannot be read', () => {
    expect(() => readTextIfExists(dir)).toThrow(new HostFileError(dir, `cannot read ${dir}: it is a directory`));
    const file = path.join(dir, 'locked.json');
    jest.spyOn(fs, 'readFileSync').mockImplementation(() => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    });
    expect(() => readTextIfExists(file)).toThrow(`cannot read ${file}: permission denied`);
  });
});

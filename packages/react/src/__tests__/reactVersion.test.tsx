import { version as reactVersion } from 'react';
import { version as reactDomVersion } from 'react-dom';
import { describe, expect, test } from 'vitest';

describe('the React this project runs on', () => {
  test('is the major version the project is named for, for react and react-dom alike', () => {
    const expected = process.env.EXPECTED_REACT_MAJOR;
    expect(expected).toMatch(/^1[89]$/);
    expect(reactVersion.split('.')[0]).toBe(expected);
    expect(reactDomVersion).toBe(reactVersion);
  });
});

import { plainText } from './plain-text';

describe('plainText', () => {
  it('drops heading, bold and list marks from a flattened description', () => {
    expect(
      plainText('Unofficial integration! ## ✨ Key Features ### 💰 Financial Intelligence - **Smart Charging Cost An…'),
    ).toBe('Unofficial integration! ✨ Key Features 💰 Financial Intelligence Smart Charging Cost An…');
  });

  it('keeps the words of links and images, and code without its backticks', () => {
    expect(plainText('Docs for [hmr](https://pypi.org/p/hmr) (`hmr` on PyPI) ![logo](x.png)')).toBe(
      'Docs for hmr (hmr on PyPI) logo',
    );
  });

  it('drops an unbalanced bold mark, and single emphasis at word edges only', () => {
    expect(plainText('*Updated June 17th 2025** Manage _all_ of it')).toBe('Updated June 17th 2025 Manage all of it');
    expect(plainText('reads snake_case names like my_var and 2*3')).toBe('reads snake_case names like my_var and 2*3');
  });

  it('leaves the highlight marks alone', () => {
    expect(plainText('## **<mark>Email</mark>** tools')).toBe('<mark>Email</mark> tools');
  });

  it('leaves plain text as it is', () => {
    expect(plainText('A sample MCP server using the MCP C# SDK.')).toBe('A sample MCP server using the MCP C# SDK.');
  });
});

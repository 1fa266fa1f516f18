import { describe, expect, it } from "vitest";
import { dedent } from "./dedent.js";

describe("dedent", () => {
  it("removes the code's indentation, the first line break and the closing line", () => {
    const text = dedent`
      apiVersion: v1
      kind: Pod
      spec:
        containers: []
    `;
    expect(text).toBe("apiVersion: v1\nkind: Pod\nspec:\n  containers: []\n");
  });

  it("keeps blank lines empty and a text without a final line break as it is", () => {
    const text = dedent`
      a: 1

      b: 2`;
    expect(text).toBe("a: 1\n\nb: 2");
  });

  it("keeps escaped template syntax and interpolated values", () => {
    const text = dedent`
      run: echo \${{ github.sha }} \`x\` ${3}
    `;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the expected text holds a GitHub expression
    expect(text).toBe("run: echo ${{ github.sha }} `x` 3\n");
  });

  it("leaves text without common indentation unchanged", () => {
    expect(dedent`a\n  b\n`).toBe("a\n  b\n");
  });
});

describe("dedent with interpolated text", () => {
  it("does not measure the indentation of interpolated values", () => {
    const shared = "kind: A\nspec: {}\n";
    const text = dedent`
      ${shared}---
      kind: B
    `;
    expect(text).toBe("kind: A\nspec: {}\n---\nkind: B\n");
  });
});

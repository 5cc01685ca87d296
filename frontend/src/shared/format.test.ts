import { describe, expect, it } from "vitest";
import { languageName } from "./format";

describe("languageName", () => {
  it("names a language code in English, regions included", () => {
    expect(languageName("en")).toBe("English");
    expect(languageName("de")).toBe("German");
    expect(languageName("pt-BR")).toBe("Brazilian Portuguese");
  });

  it("falls back to the code for an unknown or malformed one", () => {
    expect(languageName("qq")).toBe("qq");
    expect(languageName("not a code")).toBe("not a code");
  });
});

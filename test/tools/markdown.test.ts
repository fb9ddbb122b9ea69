/** @jest-environment jsdom */
import { escapeMarkdown } from "../../src/launchevent/smartAlert";
import { renderMarkdown } from "../../tools/simulator/page/markdown";

function render(markdown: string): HTMLElement {
  const container = document.createElement("div");
  renderMarkdown(container, markdown);
  return container;
}

describe("the simulator's Smart Alert Markdown", () => {
  it("renders Outlook's subset: bold, italics, https links and bulleted lists", () => {
    const html = render("**Blocked** and *soon*\n\n- one\r- [docs](https://example.org/x)\r").innerHTML;
    expect(html).toContain("<strong>Blocked</strong>");
    expect(html).toContain("<em>soon</em>");
    expect(html).toContain('<li><a href="https://example.org/x" target="_blank" rel="noopener noreferrer">docs</a></li>');
  });

  it("honours backslash escapes: an escaped list name stays text, with no link and no backslash", () => {
    const name = "[Pay here](https://evil.example/) *urgent* _x_";
    const container = render(`It goes to ${escapeMarkdown(name)}.`);
    expect(container.querySelector("a, em, strong")).toBeNull();
    expect(container.textContent).toBe(`It goes to ${name}.`);
  });

  it("keeps an escaped backslash and a private-use character as they are", () => {
    expect(render("a \\\\ b \uE000 c \\* d").textContent).toBe("a \\ b \uE000 c * d");
  });

  it("does not make a line starting with an escaped dash a list item", () => {
    const container = render("\\- not a bullet");
    expect(container.querySelector("li")).toBeNull();
    expect(container.textContent).toBe("- not a bullet");
  });

  it("never turns a link to anything but https into a link", () => {
    const container = render("[click](javascript:alert(1))");
    expect(container.querySelector("a")).toBeNull();
  });
});

/**
 * Renders a Smart Alert message written in the small Markdown subset Outlook supports in
 * `errorMessageMarkdown` (bold, italics, bulleted and numbered lists, links, line breaks) as DOM
 * nodes. Text is only ever set as text: nothing the add-in sends can become markup. Backslash
 * escapes work as in CommonMark (§2.4): `\[` is a literal bracket, so an escaped list name such as
 * `\[All\](https://…)` stays text and never becomes a link.
 */

/** A backslash before ASCII punctuation (CommonMark §2.4), or a private-use character already in the text. */
const ESCAPE = /\\([!-/:-@[-`{-~])|[\uE000-\uF8FF]/g;
const PRIVATE_USE_START = 0xe000;
const PRIVATE_USE_SIZE = 0x1900;

/**
 * Hides escaped characters from the inline patterns: each becomes a private-use placeholder, put
 * back as plain text by `restore`. A private-use character in the input is protected the same way.
 */
function protect(text: string): { text: string; restore: (s: string) => string } {
  const literals: string[] = [];
  const hidden = text.replace(ESCAPE, (whole: string, escaped: string | undefined) => {
    if (literals.length >= PRIVATE_USE_SIZE) return escaped ?? whole;
    literals.push(escaped ?? whole);
    return String.fromCharCode(PRIVATE_USE_START + literals.length - 1);
  });
  const restore = (s: string): string => s.replace(/[\uE000-\uF8FF]/g, (c) => literals[c.charCodeAt(0) - PRIVATE_USE_START] ?? c);
  return { text: hidden, restore };
}

const INLINE = /(\*\*[^*]+\*\*|__[^_]+__|\*[^*\s][^*]*\*|_[^_\s][^_]*_|\[[^\]]+\]\([^)\s]+\))/g;

function appendInline(doc: Document, parent: HTMLElement, raw: string): void {
  const { text, restore } = protect(raw);
  const textNode = (s: string): Text => doc.createTextNode(restore(s));
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const token = match[0];
    const at = match.index;
    if (at > last) parent.append(textNode(text.slice(last, at)));
    if (token.startsWith("**") || token.startsWith("__")) {
      const strong = doc.createElement("strong");
      strong.textContent = restore(token.slice(2, -2));
      parent.append(strong);
    } else if (token.startsWith("[")) {
      const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token);
      const href = restore(link?.[2] ?? "");
      if (link && /^https:\/\//i.test(href)) {
        const a = doc.createElement("a");
        a.textContent = restore(link[1] ?? href);
        a.href = href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        parent.append(a);
      } else {
        parent.append(textNode(link?.[1] ?? token));
      }
    } else {
      const em = doc.createElement("em");
      em.textContent = restore(token.slice(1, -1));
      parent.append(em);
    }
    last = at + token.length;
  }
  if (last < text.length) parent.append(textNode(text.slice(last)));
}

/** Fills `container` with the rendered message: paragraphs, lists, inline emphasis and links. */
export function renderMarkdown(container: HTMLElement, markdown: string): void {
  const doc = container.ownerDocument;
  container.replaceChildren();
  let list: HTMLElement | undefined;
  let paragraph: HTMLElement | undefined;
  for (const rawLine of markdown.replace(/\r\n?/g, "\n").split("\n")) {
    const line = rawLine.trimEnd();
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (bullet || numbered) {
      const tag = bullet ? "UL" : "OL";
      if (!list || list.tagName !== tag) {
        list = doc.createElement(tag.toLowerCase());
        container.append(list);
      }
      paragraph = undefined;
      const li = doc.createElement("li");
      appendInline(doc, li, (bullet ?? numbered)?.[1] ?? "");
      list.append(li);
      continue;
    }
    list = undefined;
    if (line.trim() === "") {
      paragraph = undefined;
      continue;
    }
    if (paragraph) paragraph.append(doc.createElement("br"));
    else {
      paragraph = doc.createElement("p");
      container.append(paragraph);
    }
    appendInline(doc, paragraph, line);
  }
}

/** Fills `container` with plain text, one paragraph per blank-line-separated block. */
export function renderPlainText(container: HTMLElement, text: string): void {
  const doc = container.ownerDocument;
  container.replaceChildren();
  for (const block of text.replace(/\r\n?/g, "\n").split(/\n{2,}/)) {
    const p = doc.createElement("p");
    const lines = block.split("\n");
    lines.forEach((line, i) => {
      if (i > 0) p.append(doc.createElement("br"));
      p.append(doc.createTextNode(line));
    });
    container.append(p);
  }
}

/**
 * Headless Chromium check of an HTML report: serves the report folder on 127.0.0.1, opens
 * claims.html in Debian's /usr/bin/chromium (through playwright-core), takes a screenshot of
 * every figure and measures its ink in the browser: the share of non-white pixels and the number
 * of coloured pixels (data marks are coloured; axes and text are grey). A figure that is missing,
 * not loaded, tiny or without data marks shows up here.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/** Why the Chromium checks cannot run here (null: they can). */
export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM) ? null : `headless Chromium not found at ${CHROMIUM}: apt-get install chromium (.ci/run installs it when it can)`;
}

export interface FigureInk {
  src: string;
  /** Rendered size in CSS px. */
  width: number;
  height: number;
  naturalWidth: number;
  /** Share of pixels that are not (near) white. */
  ink: number;
  /** Pixels with a clear hue (max - min channel > 40): data marks. */
  coloured: number;
}

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".svg": "image/svg+xml", ".json": "application/json", ".md": "text/markdown" };

/** Render `dir`/claims.html and measure every <img>; also saves a full-page screenshot (path returned). */
export async function renderReport(dir: string): Promise<{ figures: FigureInk[]; screenshot: string; title: string }> {
  const server = createServer((req, res) => {
    const path = normalize(join(dir, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)));
    if (!path.startsWith(dir) || !existsSync(path)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" }).end(readFileSync(path));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as { port: number }).port;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/claims.html`, { waitUntil: "load" });
    await page.waitForFunction(() => [...document.images].every((i) => i.complete), undefined, { timeout: 30_000 });
    const screenshot = join(mkdtempSync(join(tmpdir(), "report-shot-")), "claims.png");
    writeFileSync(screenshot, await page.screenshot({ fullPage: true }));
    const shots: { src: string; width: number; height: number; naturalWidth: number; png: string }[] = [];
    for (const img of await page.locator("img").all()) {
      await img.scrollIntoViewIfNeeded();
      const info = await img.evaluate((el: HTMLImageElement) => ({ src: el.getAttribute("src") ?? "", width: el.clientWidth, height: el.clientHeight, naturalWidth: el.naturalWidth }));
      shots.push({ ...info, png: (await img.screenshot()).toString("base64") });
    }
    // Measure the screenshots in the browser (a canvas decodes PNG; data: URLs do not taint it).
    const inks = await page.evaluate(async (pngs: string[]) => {
      const out: { ink: number; coloured: number }[] = [];
      for (const b64 of pngs) {
        const im = new Image();
        im.src = `data:image/png;base64,${b64}`;
        await im.decode();
        const c = document.createElement("canvas");
        c.width = im.naturalWidth;
        c.height = im.naturalHeight;
        const ctx = c.getContext("2d")!;
        ctx.drawImage(im, 0, 0);
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        let ink = 0;
        let coloured = 0;
        for (let i = 0; i < d.length; i += 4) {
          const lo = Math.min(d[i], d[i + 1], d[i + 2]);
          const hi = Math.max(d[i], d[i + 1], d[i + 2]);
          if (lo < 235) ink++;
          if (hi - lo > 40) coloured++;
        }
        out.push({ ink: ink / (d.length / 4 || 1), coloured });
      }
      return out;
    }, shots.map((s) => s.png));
    return { figures: shots.map((s, i) => ({ src: s.src, width: s.width, height: s.height, naturalWidth: s.naturalWidth, ...inks[i] })), screenshot, title: await page.title() };
  } finally {
    await browser.close();
    server.close();
  }
}

/** Figures that are not visibly there: not loaded, smaller than 200 x 150 px, or with fewer than 100 coloured pixels (a legend alone has ~30; one series of data, hundreds). */
export function emptyFigures(figures: readonly FigureInk[]): string[] {
  return figures
    .filter((f) => f.naturalWidth === 0 || f.width < 200 || f.height < 150 || f.ink < 0.01 || f.coloured < 100)
    .map((f) => `${f.src}: ${f.width}x${f.height} px, natural width ${f.naturalWidth}, ink ${(100 * f.ink).toFixed(2)}%, coloured pixels ${f.coloured}`);
}

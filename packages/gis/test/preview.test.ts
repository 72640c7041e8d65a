import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import {
  type PlotShape,
  fitLonLat,
  imageDetectionsSvg,
  outcomeStyle,
  pixelResultObjects,
  plotsLayout,
  plotsSvg,
  previewSvg,
  renderPng,
  renderPreview,
  resultObjects,
} from "../src/node";
import { PIXELS, ZURICH, square } from "./support/fixtures";

const rgb = (hex: string) => {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};
const pixel = (png: PNG, x: number, y: number) => {
  const i = (Math.floor(y) * png.width + Math.floor(x)) * 4;
  return [png.data[i], png.data[i + 1], png.data[i + 2]];
};

/** A square plot of `side` degrees whose south-west corner is (lon, lat). */
const plot = (plotId: string, lon: number, lat: number, outcome: PlotShape["outcome"]): PlotShape => ({
  plotId,
  polygons: [[square(lon, lat, 0.002)]],
  outcome,
});
const plots = [
  plot("A-1", -6.41, 5.8, "deforestation_detected"),
  plot("B-2", -6.4, 5.801, "no_deforestation"),
  plot("C-3", -6.405, 5.795, null),
];

describe("the plots picture", () => {
  it("fits the plots, north up, keeping their shape", () => {
    const layout = plotsLayout(plots);
    const [x0, y0] = layout.toPixel([-6.41, 5.8]);
    const [x1, y1] = layout.toPixel([-6.408, 5.802]);
    expect((x1 - x0) / (y0 - y1)).toBeCloseTo(Math.cos((5.799 * Math.PI) / 180), 2);
    expect(y1).toBeLessThan(y0);
  });

  it("lists only the outcomes present, with their counts", () => {
    const svg = plotsSvg(plots.slice(0, 2), "Cocoa & co", "sub");
    expect(svg).toContain(">deforestation detected (1)</text>");
    expect(svg).toContain(">no deforestation (1)</text>");
    expect(svg).not.toContain("not analysed");
    expect(svg).toContain("<title>Cocoa &#38; co</title>");
    expect(svg.match(/<path data-plot-id=/g)).toHaveLength(2);
  });

  it("renders to a PNG whose plots are filled with their outcome's colour, their ids written in ink under them", () => {
    const png = PNG.sync.read(Buffer.from(renderPng(plotsSvg(plots, "Title", "Subtitle"))));
    const layout = plotsLayout(plots);
    expect([png.width, png.height]).toEqual([layout.width, layout.height]);
    for (const p of plots) {
      const ring = p.polygons[0]![0]!;
      const [x, y] = layout.toPixel([ring[0]![0]! + 0.001, ring[0]![1]! + 0.001]);
      expect(pixel(png, x, y), p.plotId).toEqual(rgb(outcomeStyle(p.outcome).fill));
      // Dark ink of the label's glyphs just under the plot: text is drawn with the shipped font.
      const [, bottom] = layout.toPixel(ring[0]!);
      let ink = 0;
      for (let dy = 6; dy < 22; dy++) {
        for (let dx = -25; dx <= 25; dx++) {
          const [r, g, b] = pixel(png, x + dx, bottom + dy);
          if (r! < 80 && g! < 80 && b! < 90) ink++;
        }
      }
      expect(ink, p.plotId).toBeGreaterThan(20);
    }
  });
});

describe("the run preview", () => {
  const objects = resultObjects(ZURICH);
  const footprint = {
    name: "zurich.tif",
    geometry: { type: "Polygon" as const, coordinates: [square(8.538, 47.368, 0.016)] },
  };

  it("draws the footprints, the objects coloured by class, a legend with counts and a scale bar", () => {
    const svg = previewSvg({ title: "Zürich", footprints: [footprint], objects });
    expect(svg.match(/<path class="footprint"/g)).toHaveLength(1);
    expect(svg.match(/<path class="object" data-class="building"[^>]* stroke="#00e5ff"/g)).toHaveLength(3);
    expect(svg.match(/<path class="object" data-class="tree"[^>]* stroke="#ffd60a"/g)).toHaveLength(2);
    expect(svg).toContain(">building (3)</text>");
    expect(svg).toContain(">tree (2)</text>");
    expect(svg).toContain(">5 objects on 1 raster</text>");
    // 0.016° of latitude (1.78 km) fills the map's 610 px of height: 184 px (a fifth of the width) is 535 m.
    expect(svg).toMatch(/>500 m<\/text>/);
  });

  it("writes the SVG and the PNG rendered from it, a building's colour where the building is", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gis-preview-"));
    const files = { svg: join(dir, "preview.svg"), png: join(dir, "preview.png") };
    const { svg } = await renderPreview({ footprints: [footprint], objects }, files);
    expect(readFileSync(files.svg, "utf8")).toBe(svg);
    const png = PNG.sync.read(readFileSync(files.png));
    const d = /data-class="building" d="M([\d.]+) ([\d.]+) L([\d.]+) ([\d.]+) L([\d.]+) ([\d.]+)/.exec(svg)!;
    const [x0, y0, , , x2, y2] = d.slice(1).map(Number);
    // The middle of the first building: its colour at 35% over the footprint's.
    const [r, g, b] = pixel(png, (x0! + x2!) / 2, (y0! + y2!) / 2);
    expect(b!).toBeGreaterThan(g! - 10);
    expect(b!).toBeGreaterThan(r! + 60);
  });

  it("refuses pixels: a map needs lon/lat", () => {
    const pixels = pixelResultObjects({
      ...PIXELS,
      features: [
        { ...PIXELS.features[0]!, geometry: { type: "Polygon", coordinates: [square(500, 300, 10)] } },
      ],
    });
    expect(() => previewSvg({ objects: pixels })).toThrow(
      /a preview draws WGS 84 lon\/lat; got the position \[500,300\]/,
    );
  });
});

describe("detections over an image", () => {
  it("embeds the image and draws each class in its colour, in image pixels", () => {
    const image = new PNG({ width: 40, height: 30 });
    const bytes = PNG.sync.write(image);
    const svg = imageDetectionsSvg(bytes, 40, 30, PIXELS as never);
    expect(svg).toContain('<image href="data:image/png;base64,iVBORw0KGgo');
    expect(svg).toMatch(/<path class="building" d="M24 20 L84 20 L84 80 L24 80 L24 20 Z"/);
    expect(svg).toContain(">tree (2)</text>");
  });
});

describe("fitLonLat", () => {
  const box = { width: 1000, height: 760, top: 80, bottom: 70, side: 40 };

  it("fills the map with a site smaller than a kilometre (an orchard of 400 m)", () => {
    // 0.005° of latitude is about 556 m; the map is 610 px high.
    const layout = fitLonLat(
      [
        [6.6, 46.53],
        [6.605, 46.525],
      ],
      box,
    );
    const [, top] = layout.toPixel([6.6, 46.53]);
    const [, bottom] = layout.toPixel([6.6, 46.525]);
    expect(bottom - top).toBeCloseTo(610, 6);
  });

  it("still gives one point a scale: a kilometre across", () => {
    const layout = fitLonLat([[6.6, 46.53]], box);
    expect(layout.pixelsPerMetre).toBeCloseTo(610 / 1000, 2);
  });
});

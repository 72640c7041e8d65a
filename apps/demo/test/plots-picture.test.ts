import { describe, expect, it } from "vitest";
import { GLYPH_ADVANCE, drawableText, glyphPixels, textWidth } from "../src/bitmap-font";
import { type PlotShape, outcomeStyle, plotsCanvas, plotsLayout, plotsSvg } from "../src/plots-picture";
import { Canvas, hexToRgb } from "../src/raster";

/** A square plot of `side` degrees whose south-west corner is (lon, lat). */
function square(
  plotId: string,
  lon: number,
  lat: number,
  outcome: PlotShape["outcome"],
  side = 0.002,
): PlotShape {
  const ring = [
    [lon, lat],
    [lon + side, lat],
    [lon + side, lat + side],
    [lon, lat + side],
    [lon, lat],
  ];
  return { plotId, polygons: [[ring]], outcome };
}

const plots = [
  square("A-1", -6.41, 5.8, "deforestation_detected"),
  square("B-2", -6.4, 5.801, "no_deforestation"),
  square("C-3", -6.405, 5.795, null),
];

describe("the plots picture", () => {
  it("fits the plots in the picture, north up, keeping their shape", () => {
    const layout = plotsLayout(plots);
    const [x0, y0] = layout.toPixel([-6.41, 5.8]);
    const [x1, y1] = layout.toPixel([-6.408, 5.802]);
    // A square on the ground is (nearly) a square in the picture: east is scaled by cos(latitude).
    expect((x1 - x0) / (y0 - y1)).toBeCloseTo(Math.cos((5.799 * Math.PI) / 180) * 1.0, 2);
    expect(y1).toBeLessThan(y0);
    for (const p of plots.flatMap((p) => p.polygons.flat(2))) {
      const [x, y] = layout.toPixel(p);
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(layout.width);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(layout.height);
    }
  });

  it("fills each plot with its outcome's colour, outlined, with its id under it", () => {
    const canvas = plotsCanvas(plots, "Title", "Subtitle");
    const layout = plotsLayout(plots);
    for (const plot of plots) {
      const ring = plot.polygons[0]![0]!;
      const [x, y] = layout.toPixel([(ring[0]![0]! + ring[1]![0]!) / 2, (ring[0]![1]! + ring[2]![1]!) / 2]);
      expect(canvas.pixel(Math.floor(x), Math.floor(y)), plot.plotId).toEqual(
        hexToRgb(outcomeStyle(plot.outcome).fill),
      );
      // The outline, in the darker colour, on the west edge.
      const [wx] = layout.toPixel(ring[0]!);
      expect(canvas.pixel(Math.round(wx) - 1, Math.floor(y))).toEqual(
        hexToRgb(outcomeStyle(plot.outcome).stroke),
      );
      // Ink of the label just under the plot.
      const [, bottom] = layout.toPixel(ring[0]!);
      let ink = 0;
      for (let dy = 6; dy < 6 + 14; dy++) {
        for (let dx = -20; dx <= 20; dx++) {
          const c = canvas.pixel(Math.round(x) + dx, Math.round(bottom) + dy);
          if (c[0] === 0x1d && c[1] === 0x24 && c[2] === 0x33) ink++;
        }
      }
      expect(ink, plot.plotId).toBeGreaterThan(20);
    }
  });

  it("lists in the legend only the outcomes present, with their counts", () => {
    const svg = plotsSvg(plots.slice(0, 2), "Cocoa & co", "sub");
    expect(svg).toContain(">deforestation detected (1)</text>");
    expect(svg).toContain(">no deforestation (1)</text>");
    expect(svg).not.toContain("not analysed");
    expect(svg).toContain("<title>Cocoa &#38; co</title>");
    expect(svg.match(/<path data-plot-id=/g)).toHaveLength(2);
  });
});

describe("the canvas and its bitmap font", () => {
  it("fills a crossed outline as two triangles (even-odd) and leaves the rest", () => {
    const canvas = new Canvas(20, 20, [255, 255, 255]);
    canvas.fillPolygon(
      [
        [
          [0, 0],
          [20, 20],
          [20, 0],
          [0, 20],
          [0, 0],
        ],
      ],
      [255, 0, 0],
    );
    expect(canvas.pixel(2, 10)).toEqual([255, 0, 0]);
    expect(canvas.pixel(17, 10)).toEqual([255, 0, 0]);
    expect(canvas.pixel(10, 2)).toEqual([255, 255, 255]);
    expect(canvas.pixel(10, 17)).toEqual([255, 255, 255]);
  });

  it("draws text in capitals, accents dropped, unknown characters as '?'", () => {
    expect(drawableText("Soubré · 200 m")).toBe("SOUBRE ? 200 M");
    expect(textWidth("AB", 2)).toBe((2 * GLYPH_ADVANCE - 1) * 2);
    const canvas = new Canvas(12, 7, [0, 0, 0]);
    canvas.text(0, 0, "-1", [255, 255, 255], 1);
    // "-" is its middle row; "1" starts with its top at column 6 + 2.
    expect(canvas.pixel(0, 3)).toEqual([255, 255, 255]);
    expect(canvas.pixel(0, 2)).toEqual([0, 0, 0]);
    expect(canvas.pixel(8, 0)).toEqual([255, 255, 255]);
    expect(glyphPixels("1")).toHaveLength(10);
  });
});

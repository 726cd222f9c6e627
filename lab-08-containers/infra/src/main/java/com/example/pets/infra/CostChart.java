package com.example.pets.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Draws {@link CostModel#COURSE} as an SVG: monthly cost against the request rate, both axes logarithmic, the
 * break-even marked. {@code ../mvnw -q compile exec:java@cost-chart} in infra/ writes {@value #FILE};
 * {@code CostModelTest} fails when the committed file differs from what the model draws.
 */
public final class CostChart {

    static final String FILE = "cost-break-even.svg";

    private static final int WIDTH = 720;
    private static final int HEIGHT = 440;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    /** Requests a second: 0.1 to 1,000. USD a month: 1 to 100,000. */
    private static final double MIN_X = -1;

    private static final double MAX_X = 3;
    private static final double MIN_Y = 0;
    private static final double MAX_Y = 5;

    private CostChart() {}

    public static void main(String[] args) throws IOException {
        Files.writeString(Path.of(FILE), svg(CostModel.COURSE));
        System.out.println("Wrote " + FILE);
    }

    static String svg(CostModel model) {
        var out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT));
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        out.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"24\" font-size=\"15\" font-weight=\"bold\">Pets API per month, us-east-1 list"
                        + " prices: Lambda + REST API against Fargate + ALB</text>%n",
                LEFT));
        for (int decade = (int) MIN_X; decade <= MAX_X; decade++) {
            var x = x(Math.pow(10, decade));
            out.append(line(x, TOP, x, HEIGHT - BOTTOM, "#ddd"));
            out.append(text(x, HEIGHT - BOTTOM + 18, "middle", number(Math.pow(10, decade))));
        }
        for (int decade = (int) MIN_Y; decade <= MAX_Y; decade++) {
            var y = y(Math.pow(10, decade));
            out.append(line(LEFT, y, WIDTH - RIGHT, y, "#ddd"));
            out.append(text(LEFT - 8, y + 4, "end", number(Math.pow(10, decade))));
        }
        out.append(text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 20, "middle", "requests per second (steady, 730 h)"));
        out.append(String.format(
                Locale.ROOT,
                "<text x=\"20\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 20 %d)\">USD per month</text>%n",
                (TOP + HEIGHT - BOTTOM) / 2,
                (TOP + HEIGHT - BOTTOM) / 2));
        out.append(curve(model, true, "#d9480f"));
        out.append(curve(model, false, "#1971c2"));
        var breakEven = model.breakEven();
        var cost = model.fargateMonthly(breakEven);
        out.append(String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"none\" stroke=\"black\" stroke-width=\"2\"/>%n",
                x(breakEven),
                y(cost)));
        out.append(text(
                x(breakEven) + 10,
                y(cost) + 22,
                "start",
                String.format(
                        Locale.ROOT,
                        "break-even: %.1f req/s (%.1f million a month), %.0f USD",
                        breakEven,
                        model.requestsPerMonth(breakEven) / 1e6,
                        cost)));
        out.append(text(LEFT + 10, TOP + 20, "start", "Lambda + REST API", "#d9480f"));
        out.append(text(
                LEFT + 10,
                TOP + 38,
                "start",
                String.format(
                        Locale.ROOT,
                        "Fargate + ALB (%.0f req/s per %.1f vCPU task)",
                        model.requestsPerTask(),
                        model.taskVcpu()),
                "#1971c2"));
        out.append("</svg>\n");
        return out.toString();
    }

    private static String curve(CostModel model, boolean lambda, String colour) {
        var points = new StringBuilder();
        for (int step = 0; step <= 400; step++) {
            var rate = Math.pow(10, MIN_X + (MAX_X - MIN_X) * step / 400);
            var cost = lambda ? model.lambdaMonthly(rate) : model.fargateMonthly(rate);
            if (cost > Math.pow(10, MAX_Y)) {
                break;
            }
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(rate), y(cost)));
        }
        return String.format(
                Locale.ROOT,
                "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                colour,
                points.toString().strip());
    }

    private static double x(double rate) {
        return LEFT + (Math.log10(rate) - MIN_X) / (MAX_X - MIN_X) * (WIDTH - LEFT - RIGHT);
    }

    private static double y(double usd) {
        return HEIGHT - BOTTOM - (Math.log10(usd) - MIN_Y) / (MAX_Y - MIN_Y) * (HEIGHT - TOP - BOTTOM);
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
                x1,
                y1,
                x2,
                y2,
                colour);
    }

    private static String text(double x, double y, String anchor, String text) {
        return text(x, y, anchor, text, "black");
    }

    private static String text(double x, double y, String anchor, String text, String colour) {
        return String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"%s\">%s</text>%n",
                x,
                y,
                anchor,
                colour,
                text);
    }

    private static String number(double value) {
        return value < 1 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%,.0f", value);
    }
}

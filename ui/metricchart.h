#pragma once

#include "app/metricsbuffer.h"

#include <QChartView>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>
#include <functional>

// A time chart of some buffer series. Every update decimates the visible window to about
// two points per pixel column and replace()s each series once, so a week of data costs what
// a few hundred points cost.
class MetricChart final : public QChartView {
    Q_OBJECT
public:
    using Formatter = std::function<QString(double)>;
    struct Line {
        QString key;   // buffer series name
        QString title; // legend text (already translated)
    };

    explicit MetricChart(QWidget *parent = nullptr);

    void setTitle(const QString &title);
    void setLines(const QList<Line> &lines);
    void setFixedRange(double min, double max); // e.g. 0-100 for percentages
    void setAutoRange() { m_fixed = false; }
    void setFormatter(Formatter formatter) { m_format = std::move(formatter); }
    // Plotted value = series value x scale (e.g. bytes/s shown as KiB/s); tooltips show the
    // series value through the formatter.
    void setScale(double scale) { m_scale = scale; }
    // A byte rate: the axis takes the binary unit that fits the data (B/s … GiB/s) and the
    // title shows it.
    void setByteRate(bool on) { m_byteRate = on; }
    QString unit() const { return m_unit; }
    // The daemon's sample interval: samples further apart than about three of them (or three
    // times the data's own spacing) are a gap, drawn as a break in the line.
    void setSampleInterval(qint64 ms) { m_intervalMs = qMax<qint64>(1000, ms); }
    // Drawn pieces of line i (1 + breaks), for tests.
    int segmentCount(int i) const;
    void setTimeRange(qint64 fromMs, qint64 toMs);
    void updateFrom(const MetricsBuffer &buffer);

    qsizetype pointCount() const;
    // Decimation columns across the plot (one per 3 pixels).
    int plotColumns() const; // points handed to QtCharts in the last update
    QLineSeries *lineSeries(int i) const { return m_series.value(i); }

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyTheme();
    void onHovered(const QPointF &point, bool state);

    QChart *m_chart;
    QDateTimeAxis *m_x;
    QValueAxis *m_y;
    QList<Line> m_lines;
    QList<QLineSeries *> m_series;          // each line's first segment (legend, tests)
    QList<QList<QLineSeries *>> m_segments; // each line's further segments, after a gap
    qint64 m_intervalMs = 5000;
    Formatter m_format;
    bool m_fixed = false;
    double m_scale = 1.0;
    bool m_byteRate = false;
    QString m_unit, m_baseTitle;
    qint64 m_from = 0, m_to = 0;
};

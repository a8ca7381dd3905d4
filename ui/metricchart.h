#pragma once

#include "app/metricsbuffer.h"

#include <QChartView>
#include <QColor>
#include <QDateTimeAxis>
#include <QLineF>
#include <QLineSeries>
#include <QPixmap>
#include <QValueAxis>
#include <QVariant>
#include <functional>

class QGraphicsLineItem;

// A time chart of some buffer series. Every update decimates the visible window to about
// two points per pixel column and replace()s each series once, so a week of data costs what
// a few hundred points cost.
//
// It can be explored: the pointer shows a crosshair with every line's value at that time
// (the page shares it across its charts), a drag selects a range to zoom to, the wheel zooms
// around the pointer, Shift+drag or the middle button pans, a double click goes back to
// live. The chart only asks (windowRequested, liveRequested); the page owns the window.
class MetricChart final : public QChartView {
    Q_OBJECT
public:
    using Formatter = std::function<QString(double)>;
    struct Line {
        QString key;   // buffer series name
        QString title; // legend text (already translated)
    };
    // A horizontal line at a value in series units (an alert rule's threshold).
    struct Threshold {
        double value = 0;
        QString text;
        QColor colour;
    };
    // A vertical mark at a time (an alert fired or resolved, a backup, a daemon start);
    // clicking it emits markerActivated(data).
    struct Marker {
        qint64 ms = 0;
        QString text;
        QColor colour;
        QVariant data;
    };

    explicit MetricChart(QWidget *parent = nullptr);

    void setTitle(const QString &title);
    QString title() const { return m_baseTitle; }
    void setLines(const QList<Line> &lines);
    const QList<Line> &lines() const { return m_lines; }
    bool hasLine(const QString &key) const;
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
    qint64 timeFrom() const { return m_from; }
    qint64 timeTo() const { return m_to; }
    void updateFrom(const MetricsBuffer &buffer);

    void setThresholds(const QList<Threshold> &thresholds);
    const QList<Threshold> &thresholds() const { return m_thresholds; }
    void setMarkers(const QList<Marker> &markers);
    const QList<Marker> &markers() const { return m_markers; }

    // The shared crosshair at a time (ms < 0 hides it); its text is every line's value there.
    void setCrosshair(qint64 ms);
    qint64 crosshairTime() const { return m_crossMs; }
    QString crosshairText() const;
    QString valuesAt(qint64 ms) const;

    // Geometry in viewport pixels, for the page and for tests.
    QRectF plotRect() const;
    qint64 timeAtX(double x) const;
    double xOfTime(qint64 ms) const;
    double yOfValue(double value) const; // series units (before scale)
    // Where threshold i's line is drawn (viewport y), or NaN when it is hidden.
    double thresholdLineY(int i) const;

    bool exportPng(const QString &path, QString *error);
    // The buffer's samples in the window, one column per line, values in series units.
    bool exportCsv(const QString &path, QString *error) const;

    qsizetype pointCount() const;
    // Times the chart itself was painted (not only the crosshair over it), for tests.
    int renderCount() const { return m_renders; }
    // Decimation columns across the plot (one per 3 pixels).
    int plotColumns() const; // points handed to QtCharts in the last update
    QLineSeries *lineSeries(int i) const { return m_series.value(i); }

Q_SIGNALS:
    void hoverTimeChanged(qint64 ms); // -1 when the pointer left the plot
    void windowRequested(qint64 fromMs, qint64 toMs);
    void liveRequested();
    void markerActivated(const QVariant &data);

protected:
    void changeEvent(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    void applyTheme();
    void layoutOverlays();
    void updateOverlay();
    void overlayGeometry(QLineF *line, QRectF *box, QString *text) const;
    int markerNear(double x) const;
    void saveDialog(bool csv);

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
    const MetricsBuffer *m_buffer = nullptr;

    QList<Threshold> m_thresholds;
    QList<QGraphicsLineItem *> m_thresholdItems;
    QList<Marker> m_markers;
    QList<QGraphicsLineItem *> m_markerItems;
    qint64 m_crossMs = -1;
    // Painted over the cached picture of the chart, in viewport pixels.
    QPixmap m_cache;
    bool m_cacheValid = false;
    int m_renders = 0;
    bool m_hideOverlay = false;
    QLineF m_crossLine;
    QRectF m_crossBox, m_bandRect;
    QString m_crossLabel;
    QRect m_overlayRect;

    enum class Drag { None, Select, Pan } m_drag = Drag::None;
    double m_pressX = 0;
    qint64 m_pressFrom = 0, m_pressTo = 0;
};

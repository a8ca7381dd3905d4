#include "ui/metricchart.h"

#include "app/decimation.h"
#include "app/formatting.h"

#include <QEvent>
#include <QGraphicsLayout>
#include <QLegendMarker>
#include <QToolTip>
#include <cmath>

MetricChart::MetricChart(QWidget *parent)
    : QChartView(parent), m_chart(new QChart), m_x(new QDateTimeAxis), m_y(new QValueAxis)
{
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->setBackgroundRoundness(4);
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    m_x->setTickCount(5);
    m_y->setTickCount(5);
    m_y->setLabelFormat(QStringLiteral("%.0f"));
    m_y->setTruncateLabels(false);
    m_x->setTruncateLabels(false);
    m_format = [](double v) { return QLocale().toString(v, 'f', 1); };
    setChart(m_chart);
    setRenderHint(QPainter::Antialiasing);
    applyTheme();
    setMinimumHeight(180);
}

void MetricChart::setTitle(const QString &title)
{
    m_baseTitle = title;
    m_chart->setTitle(m_byteRate && !m_unit.isEmpty() ? tr("%1 (%2)").arg(title, m_unit) : title);
}

void MetricChart::setLines(const QList<Line> &lines)
{
    // Same keys: only the titles change (a language switch keeps the data).
    bool sameKeys = lines.size() == m_lines.size();
    for (qsizetype i = 0; sameKeys && i < lines.size(); ++i)
        sameKeys = lines.at(i).key == m_lines.at(i).key;
    m_lines = lines;
    if (sameKeys) {
        for (qsizetype i = 0; i < lines.size(); ++i) {
            m_series.at(i)->setName(lines.at(i).title);
            for (QLineSeries *part : m_segments.at(i))
                part->setName(lines.at(i).title);
        }
        return;
    }
    for (QLineSeries *s : std::as_const(m_series)) {
        m_chart->removeSeries(s);
        delete s;
    }
    for (const QList<QLineSeries *> &parts : std::as_const(m_segments)) {
        for (QLineSeries *s : parts) {
            m_chart->removeSeries(s);
            delete s;
        }
    }
    m_series.clear();
    m_segments.clear();
    for (const Line &line : lines) {
        auto *series = new QLineSeries;
        series->setName(line.title);
        m_chart->addSeries(series);
        series->attachAxis(m_x);
        series->attachAxis(m_y);
        connect(series, &QLineSeries::hovered, this, &MetricChart::onHovered);
        m_series.append(series);
        m_segments.append(QList<QLineSeries *>());
    }
}

int MetricChart::segmentCount(int i) const
{
    if (i < 0 || i >= m_series.size())
        return 0;
    int n = m_series.at(i)->count() > 0 ? 1 : 0;
    for (const QLineSeries *s : m_segments.at(i))
        n += s->count() > 0 ? 1 : 0;
    return n;
}

void MetricChart::setFixedRange(double min, double max)
{
    m_fixed = true;
    m_y->setRange(min, max);
}

void MetricChart::setTimeRange(qint64 fromMs, qint64 toMs)
{
    m_from = fromMs;
    m_to = toMs;
    m_x->setRange(QDateTime::fromMSecsSinceEpoch(fromMs), QDateTime::fromMSecsSinceEpoch(toMs));
    const qint64 span = toMs - fromMs;
    m_x->setFormat(span > 2LL * 86400000 ? QStringLiteral("MM-dd HH:mm") : span > 3600000 ? QStringLiteral("HH:mm")
                                                                                           : QStringLiteral("HH:mm:ss"));
}

void MetricChart::updateFrom(const MetricsBuffer &buffer)
{
    const int columns = plotColumns();
    double top = 0;
    QList<QList<QList<QPointF>>> lines;
    double rawTop = 0;
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        const QList<double> *values = buffer.series(m_lines.at(i).key);
        lines.append(values ? decimateSegments(buffer.times(), *values, m_from, m_to, columns, m_intervalMs) : QList<QList<QPointF>>());
        for (const QList<QPointF> &points : std::as_const(lines.last())) {
            for (const QPointF &p : points)
                rawTop = qMax(rawTop, p.y());
        }
    }
    if (m_byteRate) {
        // Binary units that fit the data: B/s, KiB/s, MiB/s, GiB/s (never "400000 KiB/s").
        int unit = 0;
        while (unit < 3 && rawTop >= 1024.0 * std::pow(1024.0, unit))
            ++unit;
        m_scale = 1.0 / std::pow(1024.0, unit);
        static const char *const units[] = {QT_TR_NOOP("B/s"), QT_TR_NOOP("KiB/s"), QT_TR_NOOP("MiB/s"), QT_TR_NOOP("GiB/s")};
        m_unit = tr(units[unit]);
        m_chart->setTitle(m_unit.isEmpty() ? m_baseTitle : tr("%1 (%2)").arg(m_baseTitle, m_unit));
    }
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        QList<QList<QPointF>> &segments = lines[i];
        for (QList<QPointF> &points : segments) {
            for (QPointF &p : points) {
                p.setY(p.y() * m_scale);
                top = qMax(top, p.y());
            }
        }
        // QtCharts draws one series as one unbroken line: each piece after a gap is a series
        // of its own, in the line's pen, without a legend entry of its own.
        QList<QLineSeries *> &parts = m_segments[i];
        while (parts.size() < segments.size() - 1) {
            auto *part = new QLineSeries;
            part->setName(m_lines.at(i).title);
            m_chart->addSeries(part);
            part->attachAxis(m_x);
            part->attachAxis(m_y);
            part->setPen(m_series.at(i)->pen());
            for (QLegendMarker *marker : m_chart->legend()->markers(part))
                marker->setVisible(false);
            connect(part, &QLineSeries::hovered, this, &MetricChart::onHovered);
            parts.append(part);
        }
        m_series.at(i)->replace(segments.isEmpty() ? QList<QPointF>() : segments.first());
        for (qsizetype k = 0; k < parts.size(); ++k) {
            if (k + 1 < segments.size())
                parts.at(k)->replace(segments.at(k + 1));
            else if (parts.at(k)->count() > 0)
                parts.at(k)->clear();
        }
    }
    if (!m_fixed) {
        if (top <= 0) {
            m_y->setRange(0, 1); // nothing to show yet (or all zero): keep a valid axis
        } else {
            // A round upper bound a little above the data keeps the axis from jumping every tick.
            const double magnitude = std::pow(10.0, std::floor(std::log10(top)));
            m_y->setRange(0, std::ceil(top * 1.1 / magnitude) * magnitude);
            m_y->applyNiceNumbers();
        }
    }
    // Enough decimals that every tick reads exactly and differently (a 0-1 axis is 0, 0.25,
    // 0.5 …, not "0 0 1 1 1").
    const double step = (m_y->max() - m_y->min()) / qMax(1, m_y->tickCount() - 1);
    int decimals = 0;
    while (decimals < 3 && std::abs(step * std::pow(10.0, decimals) - std::round(step * std::pow(10.0, decimals))) > 1e-6)
        ++decimals;
    m_y->setLabelFormat(QStringLiteral("%.%1f").arg(decimals));
}

void MetricChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
    QChartView::changeEvent(event);
}

// Follows the window palette: a dark desktop gets QtCharts' dark theme.
void MetricChart::applyTheme()
{
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const QChart::ChartTheme theme = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    if (m_chart->theme() == theme)
        return;
    m_chart->setTheme(theme);
    m_chart->setBackgroundRoundness(4);
    // The theme recolours every series: the pieces after a gap follow their line again.
    for (qsizetype i = 0; i < m_series.size() && i < m_segments.size(); ++i) {
        for (QLineSeries *part : m_segments.at(i))
            part->setPen(m_series.at(i)->pen());
    }
}

int MetricChart::plotColumns() const
{
    // One min/max pair per 3 pixels: spikes survive, and QtCharts strokes a hit-test shape
    // for every segment on each replace() (measured as most of an update in bench_dashboard).
    return qMax(50, int(m_chart->plotArea().width() / 3));
}

qsizetype MetricChart::pointCount() const
{
    qsizetype n = 0;
    for (const QLineSeries *s : m_series)
        n += s->count();
    for (const QList<QLineSeries *> &parts : m_segments) {
        for (const QLineSeries *s : parts)
            n += s->count();
    }
    return n;
}

void MetricChart::onHovered(const QPointF &point, bool state)
{
    if (!state) {
        QToolTip::hideText();
        return;
    }
    auto *series = qobject_cast<QLineSeries *>(sender());
    if (!series)
        return;
    // The pointer is somewhere on a segment; show the sample nearest to it, not the line.
    QPointF nearest = point;
    double best = std::numeric_limits<double>::max();
    for (const QPointF &p : series->points()) {
        if (std::abs(p.x() - point.x()) < best) {
            best = std::abs(p.x() - point.x());
            nearest = p;
        }
    }
    QToolTip::showText(QCursor::pos(),
                       tr("%1\n%2: %3").arg(formatting::dateTime(qint64(nearest.x())), series->name(), m_format(nearest.y() / m_scale)),
                       this);
}

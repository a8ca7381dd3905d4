#include "ui/metricchart.h"

#include "app/decimation.h"
#include "app/formatting.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QEvent>
#include <QFileDialog>
#include <QGraphicsLayout>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QLegendMarker>
#include <QMenu>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPainter>
#include <QPaintEvent>
#include <QSaveFile>
#include <QTextStream>
#include <QRegularExpression>
#include <QWheelEvent>
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

    // Overlays, children of the chart so they share its coordinates; above the series.
    connect(m_chart, &QChart::plotAreaChanged, this, [this] { layoutOverlays(); });
    // The chart is painted once into a picture when it changes; the crosshair and the
    // selection are painted over that picture, so a pointer move repaints no line series.
    connect(scene(), &QGraphicsScene::changed, this, [this] {
        m_cacheValid = false;
        viewport()->update();
    });
    viewport()->setMouseTracking(true);
    setContextMenuPolicy(Qt::DefaultContextMenu);
    applyTheme();
    setMinimumHeight(180);
}

bool MetricChart::hasLine(const QString &key) const
{
    return std::any_of(m_lines.cbegin(), m_lines.cend(), [&](const Line &l) { return l.key == key; });
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
    m_cacheValid = false;
    m_from = fromMs;
    m_to = toMs;
    m_x->setRange(QDateTime::fromMSecsSinceEpoch(fromMs), QDateTime::fromMSecsSinceEpoch(toMs));
    const qint64 span = toMs - fromMs;
    m_x->setFormat(span > 2LL * 86400000 ? QStringLiteral("MM-dd HH:mm") : span > 3600000 ? QStringLiteral("HH:mm")
                                                                                           : QStringLiteral("HH:mm:ss"));
}

void MetricChart::updateFrom(const MetricsBuffer &buffer)
{
    m_buffer = &buffer;
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
        // A threshold near the data is part of the picture (one far above it is not drawn).
        for (const Threshold &t : std::as_const(m_thresholds)) {
            if (t.value * m_scale <= qMax(top, 1e-9) * 1.5)
                top = qMax(top, t.value * m_scale);
        }
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
    layoutOverlays();
    // Painted anew at the next paint, also one that comes before the scene's change notice
    // (grab(), an export, a synchronous repaint).
    m_cacheValid = false;
    viewport()->update();
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
    if (m_chart->theme() != theme) {
        m_chart->setTheme(theme);
        m_chart->setBackgroundRoundness(4);
        // The theme recolours every series: the pieces after a gap follow their line again.
        for (qsizetype i = 0; i < m_series.size() && i < m_segments.size(); ++i) {
            for (QLineSeries *part : m_segments.at(i))
                part->setPen(m_series.at(i)->pen());
        }
    }
    m_cacheValid = false;
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


QRectF MetricChart::plotRect() const
{
    return mapFromScene(m_chart->mapToScene(m_chart->plotArea())).boundingRect();
}

qint64 MetricChart::timeAtX(double x) const
{
    const QRectF plot = plotRect();
    if (plot.width() <= 0 || m_to <= m_from)
        return m_from;
    return m_from + qint64(std::llround((x - plot.left()) / plot.width() * double(m_to - m_from)));
}

double MetricChart::xOfTime(qint64 ms) const
{
    const QRectF plot = plotRect();
    if (m_to <= m_from)
        return plot.left();
    return plot.left() + double(ms - m_from) / double(m_to - m_from) * plot.width();
}

double MetricChart::yOfValue(double value) const
{
    const QRectF plot = plotRect();
    const double span = m_y->max() - m_y->min();
    if (span <= 0)
        return plot.bottom();
    return plot.bottom() - (value * m_scale - m_y->min()) / span * plot.height();
}

double MetricChart::thresholdLineY(int i) const
{
    if (i < 0 || i >= m_thresholdItems.size() || !m_thresholdItems.at(i)->isVisible())
        return qQNaN();
    return mapFromScene(m_thresholdItems.at(i)->mapToScene(m_thresholdItems.at(i)->line().p1())).y();
}

void MetricChart::setThresholds(const QList<Threshold> &thresholds)
{
    qDeleteAll(m_thresholdItems);
    m_thresholdItems.clear();
    m_thresholds = thresholds;
    m_cacheValid = false;
    for (const Threshold &t : thresholds) {
        auto *item = new QGraphicsLineItem(m_chart);
        item->setPen(QPen(t.colour, 1.5, Qt::DashLine));
        item->setZValue(10);
        item->setToolTip(t.text);
        m_thresholdItems.append(item);
    }
    layoutOverlays();
}

void MetricChart::setMarkers(const QList<Marker> &markers)
{
    qDeleteAll(m_markerItems);
    m_markerItems.clear();
    m_markers = markers;
    m_cacheValid = false;
    for (const Marker &m : markers) {
        auto *item = new QGraphicsLineItem(m_chart);
        QColor c = m.colour;
        c.setAlpha(200);
        item->setPen(QPen(c, 2));
        item->setZValue(11);
        m_markerItems.append(item);
    }
    layoutOverlays();
}

// Places thresholds, markers, the crosshair and its box on the plot as it is now.
void MetricChart::layoutOverlays()
{
    const QRectF plot = m_chart->plotArea();
    const double span = m_y->max() - m_y->min();
    for (qsizetype i = 0; i < m_thresholdItems.size(); ++i) {
        const double v = m_thresholds.at(i).value * m_scale;
        const bool inside = span > 0 && v >= m_y->min() && v <= m_y->max();
        const double y = plot.bottom() - (v - m_y->min()) / (span > 0 ? span : 1) * plot.height();
        m_thresholdItems.at(i)->setLine(plot.left(), y, plot.right(), y);
        m_thresholdItems.at(i)->setVisible(inside && plot.width() > 0);
    }
    auto xOf = [&](qint64 ms) {
        return m_to > m_from ? plot.left() + double(ms - m_from) / double(m_to - m_from) * plot.width() : plot.left();
    };
    for (qsizetype i = 0; i < m_markerItems.size(); ++i) {
        const qint64 ms = m_markers.at(i).ms;
        m_markerItems.at(i)->setLine(xOf(ms), plot.top(), xOf(ms), plot.bottom());
        m_markerItems.at(i)->setVisible(ms >= m_from && ms <= m_to);
    }
    updateOverlay();
}

// The crosshair's line and box in viewport pixels (empty when there is none).
void MetricChart::overlayGeometry(QLineF *line, QRectF *box, QString *text) const
{
    *line = QLineF();
    *box = QRectF();
    text->clear();
    const QRectF plot = plotRect();
    if (m_crossMs < 0 || m_crossMs < m_from || m_crossMs > m_to || plot.width() <= 0)
        return;
    const double x = xOfTime(m_crossMs);
    *line = QLineF(x, plot.top(), x, plot.bottom());
    *text = crosshairText();
    const QRectF bounds = QFontMetricsF(font()).boundingRect(QRectF(0, 0, 2000, 2000), Qt::AlignLeft | Qt::AlignTop, *text);
    const QSizeF size(bounds.width() + 10, bounds.height() + 8);
    // Beside the line, on the side with room; inside the plot.
    double left = x + 8 + size.width() <= plot.right() ? x + 8 : x - 8 - size.width();
    left = qBound(plot.left(), left, qMax(plot.left(), plot.right() - size.width()));
    *box = QRectF(QPointF(left, plot.top() + 4), size);
}

void MetricChart::updateOverlay()
{
    QLineF line;
    QRectF box;
    overlayGeometry(&line, &box, &m_crossLabel);
    const QRect now = (QRectF(line.p1() - QPointF(2, 0), line.p2() + QPointF(2, 0)).normalized() | box).toAlignedRect().adjusted(-2, -2, 2, 2);
    viewport()->update(m_overlayRect | now);
    m_overlayRect = now;
    m_crossLine = line;
    m_crossBox = box;
}

void MetricChart::paintEvent(QPaintEvent *event)
{
    const qreal dpr = viewport()->devicePixelRatioF();
    const QSize pixels = viewport()->size() * dpr;
    if (!m_cacheValid || m_cache.size() != pixels) {
        m_cache = QPixmap(pixels);
        m_cache.setDevicePixelRatio(dpr);
        m_cache.fill(palette().color(viewport()->backgroundRole()));
        QPainter painter(&m_cache);
        painter.setRenderHints(renderHints());
        scene()->render(&painter, QRectF(QPointF(0, 0), QSizeF(viewport()->size())), mapToScene(viewport()->rect()).boundingRect(),
                        Qt::IgnoreAspectRatio);
        m_cacheValid = true;
        ++m_renders;
    }
    QPainter painter(viewport());
    const QRect exposed = event->rect();
    painter.drawPixmap(exposed, m_cache, QRectF(QPointF(exposed.topLeft()) * dpr, QSizeF(exposed.size()) * dpr));
    if (m_hideOverlay)
        return;
    const QPalette p = palette();
    if (!m_bandRect.isEmpty()) {
        QColor band = p.color(QPalette::Highlight);
        band.setAlpha(60);
        painter.fillRect(m_bandRect, band);
    }
    if (!m_crossLine.isNull()) {
        QColor cross = p.color(QPalette::Text);
        cross.setAlpha(160);
        painter.setPen(QPen(cross, 1, Qt::DashLine));
        painter.drawLine(m_crossLine);
        painter.setPen(QPen(p.color(QPalette::Mid)));
        painter.setBrush(p.color(QPalette::ToolTipBase));
        painter.drawRect(m_crossBox);
        painter.setPen(p.color(QPalette::ToolTipText));
        painter.drawText(m_crossBox.adjusted(5, 4, -5, -4), Qt::AlignLeft | Qt::AlignTop, m_crossLabel);
    }
}

void MetricChart::setCrosshair(qint64 ms)
{
    m_crossMs = ms;
    updateOverlay();
}

QString MetricChart::crosshairText() const
{
    if (m_crossMs < 0)
        return QString();
    QString text = valuesAt(m_crossMs);
    const int marker = markerNear(xOfTime(m_crossMs));
    if (marker >= 0)
        text += u'\n' + m_markers.at(marker).text;
    return text;
}

QString MetricChart::valuesAt(qint64 ms) const
{
    if (!m_buffer || m_buffer->size() == 0 || m_lines.isEmpty())
        return QString();
    const QList<qint64> &times = m_buffer->times();
    const qsizetype at = m_buffer->lowerBound(ms);
    qsizetype best = -1;
    for (qsizetype c : {at - 1, at}) {
        if (c >= 0 && c < times.size() && (best < 0 || std::abs(times.at(c) - ms) < std::abs(times.at(best) - ms)))
            best = c;
    }
    // The nearest sample counts if it is within a sample interval and a half, or within the
    // two decimation columns around the pointer on a long range.
    const qint64 column = (m_to - m_from) / qMax(1, plotColumns());
    const qint64 tolerance = qMax<qint64>(m_intervalMs * 3 / 2, column * 2);
    if (best < 0 || std::abs(times.at(best) - ms) > tolerance)
        return tr("%1\nNo data at this time").arg(formatting::dateTimeSeconds(ms));
    QStringList out{formatting::dateTimeSeconds(times.at(best))};
    for (const Line &line : m_lines) {
        const QList<double> *values = m_buffer->series(line.key);
        const double v = values ? values->at(best) : qQNaN();
        out << tr("%1: %2").arg(line.title, std::isnan(v) ? tr("no data") : m_format(v));
    }
    return out.join(u'\n');
}

int MetricChart::markerNear(double x) const
{
    int best = -1;
    double bestDistance = 5; // pixels
    for (qsizetype i = 0; i < m_markers.size(); ++i) {
        if (m_markers.at(i).ms < m_from || m_markers.at(i).ms > m_to)
            continue;
        const double d = std::abs(xOfTime(m_markers.at(i).ms) - x);
        if (d <= bestDistance) {
            bestDistance = d;
            best = int(i);
        }
    }
    return best;
}

void MetricChart::mousePressEvent(QMouseEvent *event)
{
    const QPointF pos = event->position();
    if (!plotRect().contains(pos) || (event->button() != Qt::LeftButton && event->button() != Qt::MiddleButton)) {
        QChartView::mousePressEvent(event);
        return;
    }
    if (event->button() == Qt::LeftButton && !(event->modifiers() & Qt::ShiftModifier)) {
        const int marker = markerNear(pos.x());
        if (marker >= 0) {
            Q_EMIT markerActivated(m_markers.at(marker).data);
            event->accept();
            return;
        }
        m_drag = Drag::Select;
    } else {
        m_drag = Drag::Pan;
        viewport()->setCursor(Qt::ClosedHandCursor);
    }
    m_pressX = pos.x();
    m_pressFrom = m_from;
    m_pressTo = m_to;
    event->accept();
}

void MetricChart::mouseMoveEvent(QMouseEvent *event)
{
    const QPointF pos = event->position();
    const QRectF plot = plotRect();
    if (m_drag == Drag::Select) {
        const double x = qBound(plot.left(), pos.x(), plot.right());
        const QRect old = m_bandRect.toAlignedRect();
        m_bandRect = QRectF(std::min(m_pressX, x), plot.top(), std::abs(x - m_pressX), plot.height());
        viewport()->update(old | m_bandRect.toAlignedRect().adjusted(-1, -1, 1, 1));
    } else if (m_drag == Drag::Pan && plot.width() > 0) {
        const qint64 dt = qint64(std::llround((pos.x() - m_pressX) / plot.width() * double(m_pressTo - m_pressFrom)));
        Q_EMIT windowRequested(m_pressFrom - dt, m_pressTo - dt);
    }
    if (plot.contains(pos)) {
        viewport()->setCursor(m_drag == Drag::Pan ? Qt::ClosedHandCursor
                              : markerNear(pos.x()) >= 0 ? Qt::PointingHandCursor
                                                         : Qt::CrossCursor);
        Q_EMIT hoverTimeChanged(timeAtX(pos.x()));
    } else if (m_crossMs >= 0) {
        viewport()->unsetCursor();
        Q_EMIT hoverTimeChanged(-1);
    }
    event->accept();
}

void MetricChart::mouseReleaseEvent(QMouseEvent *event)
{
    const Drag drag = m_drag;
    m_drag = Drag::None;
    viewport()->update(m_bandRect.toAlignedRect().adjusted(-1, -1, 1, 1));
    m_bandRect = QRectF();
    if (drag == Drag::Select) {
        const double x = qBound(plotRect().left(), event->position().x(), plotRect().right());
        // A click is not a zoom: at least 6 pixels of drag.
        if (std::abs(x - m_pressX) >= 6) {
            const qint64 a = timeAtX(std::min(m_pressX, x));
            const qint64 b = timeAtX(std::max(m_pressX, x));
            Q_EMIT windowRequested(a, b);
        }
        event->accept();
        return;
    }
    if (drag == Drag::Pan) {
        viewport()->setCursor(Qt::CrossCursor);
        event->accept();
        return;
    }
    QChartView::mouseReleaseEvent(event);
}

void MetricChart::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && plotRect().contains(event->position())) {
        m_drag = Drag::None;
        Q_EMIT liveRequested();
        event->accept();
        return;
    }
    QChartView::mouseDoubleClickEvent(event);
}

void MetricChart::wheelEvent(QWheelEvent *event)
{
    const QPointF pos = event->position();
    const int delta = event->angleDelta().y();
    if (!plotRect().contains(pos) || delta == 0 || m_to <= m_from) {
        event->ignore(); // the page scrolls
        return;
    }
    // One notch zooms by a fifth around the time under the pointer.
    const double factor = std::pow(0.8, double(delta) / 120.0);
    const qint64 t = timeAtX(pos.x());
    const qint64 from = t - qint64(std::llround(double(t - m_from) * factor));
    const qint64 to = t + qint64(std::llround(double(m_to - t) * factor));
    Q_EMIT windowRequested(from, to);
    event->accept();
}

bool MetricChart::viewportEvent(QEvent *event)
{
    // The pointer moves over the viewport: leaving it hides the shared crosshair.
    if (event->type() == QEvent::Leave && m_drag == Drag::None && m_crossMs >= 0)
        Q_EMIT hoverTimeChanged(-1);
    return QChartView::viewportEvent(event);
}

void MetricChart::contextMenuEvent(QContextMenuEvent *event)
{
    const qint64 at = plotRect().contains(event->pos()) ? timeAtX(event->pos().x()) : -1;
    QMenu menu(this);
    QAction *copy = menu.addAction(tr("&Copy values at this time"));
    copy->setEnabled(at >= 0 && !valuesAt(at).isEmpty());
    connect(copy, &QAction::triggered, this, [this, at] { QApplication::clipboard()->setText(valuesAt(at)); });
    menu.addSeparator();
    menu.addAction(tr("Save chart as &PNG…"), this, [this] { saveDialog(false); });
    menu.addAction(tr("Export data as C&SV…"), this, [this] { saveDialog(true); });
    menu.addSeparator();
    menu.addAction(tr("Back to &live"), this, &MetricChart::liveRequested);
    menu.exec(event->globalPos());
}

void MetricChart::saveDialog(bool csv)
{
    QString name = m_baseTitle;
    name.replace(QRegularExpression(QStringLiteral("[^\\w.-]+")), QStringLiteral("_"));
    const QString path = QFileDialog::getSaveFileName(this, csv ? tr("Export chart data") : tr("Save chart image"),
                                                      name + (csv ? u".csv"_qs : u".png"_qs),
                                                      csv ? tr("CSV files (*.csv)") : tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!(csv ? exportCsv(path, &error) : exportPng(path, &error)))
        QMessageBox::warning(this, tr("Export failed"), error);
}

bool MetricChart::exportPng(const QString &path, QString *error)
{
    // The picture without the pointer's crosshair or a half-made selection.
    m_hideOverlay = true;
    const QPixmap picture = grab();
    m_hideOverlay = false;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !picture.save(&file, "PNG") || !file.commit()) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool MetricChart::exportCsv(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    auto quoted = [](QString s) {
        if (s.contains(u',') || s.contains(u'"') || s.contains(u'\n'))
            s = u'"' + s.replace(u"\""_qs, u"\"\""_qs) + u'"';
        return s;
    };
    QTextStream out(&file);
    out.setEncoding(QStringConverter::Utf8);
    // Machine-readable: ISO 8601 local times with their offset, numbers in C notation, the
    // series' own units (bytes per second, percent), an empty field where there was no value.
    QStringList header{u"time"_qs};
    for (const Line &line : m_lines)
        header << quoted(m_byteRate ? tr("%1 (bytes/s)").arg(line.title) : line.title);
    out << header.join(u',') << '\n';
    if (m_buffer) {
        const QList<qint64> &times = m_buffer->times();
        QList<const QList<double> *> columns;
        for (const Line &line : m_lines)
            columns << m_buffer->series(line.key);
        for (qsizetype i = m_buffer->lowerBound(m_from); i < times.size() && times.at(i) <= m_to; ++i) {
            QStringList row{QDateTime::fromMSecsSinceEpoch(times.at(i)).toOffsetFromUtc(
                                QDateTime::fromMSecsSinceEpoch(times.at(i)).offsetFromUtc()).toString(Qt::ISODateWithMs)};
            bool any = false;
            for (const QList<double> *c : std::as_const(columns)) {
                const double v = c ? c->at(i) : qQNaN();
                any = any || !std::isnan(v);
                row << (std::isnan(v) ? QString() : QString::number(v, 'g', 12));
            }
            if (any)
                out << row.join(u',') << '\n';
        }
    }
    out.flush();
    if (!file.commit()) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

#include "ui/logspage.h"
#include "ui/hostfilter.h"

#include "app/errortext.h"
#include "app/formatting.h"
#include "app/messagetext.h"
#include "app/opsclient.h"
#include "server/protocol/protocol.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDateTime>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStackedBarSeries>
#include <QStringListModel>
#include <QTableView>
#include <QValueAxis>
#include <QInputDialog>
#include <QJsonDocument>
#include <QMenu>
#include <QPainter>
#include <QRegularExpression>
#include <QSettings>
#include <QStyledItemDelegate>
#include <QVBoxLayout>
#include <cmath>

namespace {
const QStringList Levels = {u"CRITICAL"_qs, u"ERROR"_qs, u"WARNING"_qs, u"INFO"_qs, u"DEBUG"_qs, u"UNKNOWN"_qs};
const QStringList RangeTokens = {u"since:15m"_qs, u"since:1h"_qs, u"since:24h"_qs, u"since:7d"_qs};
// The words of a query a line matched on (not field conditions, not excluded words).
QStringList matchTerms(const QString &query)
{
    QStringList terms;
    static const QRegularExpression token(QStringLiteral("(-?)(\"[^\"]*\"|\\S+)"));
    for (auto it = token.globalMatch(query); it.hasNext();) {
        const auto m = it.next();
        QString t = m.captured(2);
        if (!m.captured(1).isEmpty() || (!t.startsWith(u'"') && t.contains(u':')))
            continue;
        t.remove(u'"');
        if (!t.trimmed().isEmpty())
            terms << t.trimmed();
    }
    return terms;
}

} // namespace

// The message column with the query's words highlighted where the line has them.
class HighlightDelegate final : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QStringList terms;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString text = opt.text;
        QList<std::pair<qsizetype, qsizetype>> spans;
        for (const QString &t : terms) {
            for (qsizetype at = text.indexOf(t, 0, Qt::CaseInsensitive); at >= 0 && spans.size() < 64;
                 at = text.indexOf(t, at + t.size(), Qt::CaseInsensitive))
                spans.append({at, t.size()});
        }
        if (spans.isEmpty()) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        // The cell without its text, then the text with a marker behind each match.
        opt.text.clear();
        opt.widget->style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
        const QRect r = opt.rect.adjusted(4, 0, -4, 0);
        const QFontMetrics fm(opt.font);
        painter->save();
        painter->setClipRect(opt.rect);
        const int baseline = r.top() + (r.height() + fm.ascent() - fm.descent()) / 2;
        for (const auto &[at, length] : spans) {
            const int x = r.left() + fm.horizontalAdvance(text.left(at));
            painter->fillRect(QRect(x, r.top() + 2, fm.horizontalAdvance(text.mid(at, length)), r.height() - 4), QColor(255, 213, 79, 170));
        }
        painter->setPen(opt.palette.color(opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text));
        painter->drawText(QPoint(r.left(), baseline), fm.elidedText(text, Qt::ElideRight, r.width()));
        painter->restore();
    }
};

LogsPage::LogsPage(OpsClient *client, QWidget *parent)
    : QWidget(parent), m_client(client), m_model(new LogsModel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    auto *bar = new QHBoxLayout;
    m_query = new QLineEdit(this);
    m_query->setObjectName(u"query"_qs);
    m_query->setClearButtonEnabled(true);
    // Completion of the field names the query language knows.
    auto *completer = new QCompleter(new QStringListModel({u"level:error"_qs, u"level:warning"_qs, u"logger:"_qs, u"source:"_qs,
                                                           u"since:15m"_qs, u"since:1h"_qs, u"from:"_qs, u"to:"_qs, u"extra."_qs},
                                                          this), this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_query->setCompleter(completer);
    m_level = new QComboBox(this);
    m_level->addItems({QString(), QString(), QString(), QString()});
    m_range = new QComboBox(this);
    m_range->addItems({QString(), QString(), QString(), QString()});
    m_range->setCurrentIndex(2);
    m_host = new QComboBox(this);
    m_host->setObjectName(u"logsHostFilter"_qs);
    m_host->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_host->addItem(QString(), QString());
    m_host->hide();
    m_searchButton = new QPushButton(this);
    m_searchButton->setDefault(true);
    m_helpButton = new QPushButton(QStringLiteral("?"), this);
    m_helpButton->setFixedWidth(32);
    m_live = new QCheckBox(this);
    bar->addWidget(m_query, 1);
    for (QWidget *w : std::initializer_list<QWidget *>{m_level, m_range, m_host, m_searchButton, m_helpButton, m_live})
        bar->addWidget(w);
    layout->addLayout(bar);
    m_error = new QLabel(this);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->hide();
    layout->addWidget(m_error);

    m_chart = new QChart;
    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chartView = new QChartView(m_chart, this);
    m_chartView->setFixedHeight(170);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    layout->addWidget(m_chartView);
    m_summary = new QLabel(this);
    m_summary->setTextFormat(Qt::PlainText);
    layout->addWidget(m_summary);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    m_table = new QTableView(splitter);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(LogsModel::Message, QHeaderView::Stretch);
    m_table->setWordWrap(false);
    m_highlight = new HighlightDelegate(m_table);
    m_table->setItemDelegateForColumn(LogsModel::Message, m_highlight);
    // The host column appears once lines of more than one fleet host are listed.
    auto showHosts = [this] { m_table->setColumnHidden(LogsModel::Host, m_model->hostCount() < 2); };
    showHosts();
    connect(m_model, &QAbstractItemModel::modelReset, this, showHosts);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, showHosts);
    m_detail = new QPlainTextEdit(splitter);
    m_detail->setReadOnly(true);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);
    m_moreButton = new QPushButton(this);
    m_contextButton = new QPushButton(this);
    m_contextButton->setEnabled(false);
    m_savedButton = new QPushButton(this);
    m_savedButton->setMenu(new QMenu(m_savedButton));
    auto *lowerBar = new QHBoxLayout;
    lowerBar->addWidget(m_moreButton);
    lowerBar->addWidget(m_contextButton);
    lowerBar->addStretch();
    lowerBar->addWidget(m_savedButton);
    layout->addLayout(lowerBar);
    connect(m_contextButton, &QPushButton::clicked, this, &LogsPage::showContext);
    connect(m_savedButton->menu(), &QMenu::aboutToShow, this, &LogsPage::fillSavedMenu);

    connect(m_searchButton, &QPushButton::clicked, this, [this] {
        m_zoomFrom = m_zoomTo = -1;
        search();
    });
    connect(m_query, &QLineEdit::returnPressed, m_searchButton, &QPushButton::click);
    connect(m_level, &QComboBox::currentIndexChanged, m_searchButton, &QPushButton::click);
    connect(m_range, &QComboBox::currentIndexChanged, m_searchButton, &QPushButton::click);
    connect(m_host, &QComboBox::currentIndexChanged, m_searchButton, &QPushButton::click);
    connect(m_helpButton, &QPushButton::clicked, this, [this] {
        QMessageBox box(QMessageBox::Information, tr("Log search"),
                        tr("Words and \"quoted phrases\" must all match; -word excludes. There is no OR.\n"
                           "level:error or level:warning,error — one of these levels\n"
                           "logger:worker   source:api   host:worker-1   extra.task.id:42\n"
                           "since:15m (s, m, h, d, w)   from:2026-11-28T10:00:00Z   to:…"),
                        QMessageBox::Ok, this);
        box.setTextFormat(Qt::PlainText);
        box.exec();
    });
    connect(m_live, &QCheckBox::toggled, this, [this](bool on) {
        if (on)
            m_tailTimer.start(2000);
        else
            m_tailTimer.stop();
    });
    connect(&m_tailTimer, &QTimer::timeout, this, &LogsPage::tail);
    // New lines appear without Refresh; unticking the box pauses the list (to read a line).
    m_live->setChecked(true);
    connect(m_moreButton, &QPushButton::clicked, this, [this] {
        if (!m_client || m_model->oldestId() <= 0)
            return;
        m_client->request(u"logs.search"_qs, {{u"query"_qs, effectiveQuery()}, {u"limit"_qs, 200}, {u"before_id"_qs, double(m_model->oldestId())}},
                          [this](const protocol::Result &r) {
                              if (r.ok)
                                  m_model->appendRows(r.data.value(u"rows"_qs).toArray());
                          });
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        m_detail->setPlainText(current.isValid() ? m_model->index(current.row(), 0).data(LogsModel::JsonRole).toString() : QString());
        m_contextButton->setEnabled(current.isValid());
    });
    if (m_client) {
        connect(m_client, &OpsClient::stateChanged, this, [this](OpsClient::State state) {
            if (state == OpsClient::State::Connected && m_model->rowCount() == 0)
                search();
        });
    }
    retranslateUi();
}

void LogsPage::setQuery(const QString &query)
{
    m_query->setText(query);
}

QString LogsPage::errorText() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

void LogsPage::setHosts(const QStringList &hosts)
{
    if (hostfilter::setHosts(m_host, hosts))
        search(); // the filtered host left the fleet: every host's lines again
    m_host->setVisible(hosts.size() > 1 || m_host->currentIndex() > 0);
}

void LogsPage::setHostFilter(const QString &host)
{
    hostfilter::choose(m_host, host);
}

QString LogsPage::hostFilter() const
{
    return m_host->currentData().toString();
}

QString LogsPage::effectiveQuery() const
{
    QStringList parts{m_query->text().trimmed()};
    static const QStringList levelFilters = {QString(), u"level:critical"_qs, u"level:error,critical"_qs, u"level:warning,error,critical"_qs};
    parts << levelFilters.value(m_level->currentIndex());
    if (!hostFilter().isEmpty())
        parts << u"host:"_qs + hostFilter(); // fleet host names are letters, digits and .-_
    if (m_zoomFrom >= 0)
        parts << u"from:"_qs + protocol::isoTimestamp(m_zoomFrom) << u"to:"_qs + protocol::isoTimestamp(m_zoomTo);
    else if (!m_query->text().contains(u"since:"_qs) && !m_query->text().contains(u"from:"_qs))
        parts << RangeTokens.value(m_range->currentIndex());
    parts.removeAll(QString());
    return parts.join(u' ');
}

void LogsPage::search()
{
    if (!m_client)
        return;
    const QString query = effectiveQuery();
    m_client->request(u"logs.search"_qs, {{u"query"_qs, query}, {u"limit"_qs, 200}}, [this, query](const protocol::Result &r) {
        if (!r.ok) {
            // A wrong query is the query's fault, shown at its place in the field; the old
            // results go, so they are not taken for this query's.
            int at = r.error.params.value(u"position"_qs).toInt();
            QString why = ::errorText(r.error);
            bool queryFault = r.error.key.startsWith(u"query."_qs);
            // A daemon before 0.4.3 (or a key this console does not know) says it in English only.
            static const QRegularExpression english(QStringLiteral("^query error at character (\\d+): (.*)$"));
            const auto said = english.match(r.error.message);
            if (said.hasMatch() && (r.error.key.isEmpty() || messages::text(r.error.key, r.error.params).isEmpty())) {
                at = said.captured(1).toInt();
                why = said.captured(2);
                queryFault = true;
            }
            if (r.error.code == protocol::Error::BadRequest && queryFault && at > 0) {
                const int position = at - 1;
                m_error->setText(tr("The query is not valid at character %1: %2").arg(QString::number(at), why));
                // The field holds the user's words; the sent query may have filters appended.
                if (position >= 0 && position < m_query->text().size()) {
                    int end = position;
                    while (end < m_query->text().size() && !m_query->text().at(end).isSpace())
                        ++end;
                    m_query->setSelection(position, end - position);
                    m_query->setFocus();
                }
            } else {
                m_error->setText(::errorText(r.error));
            }
            m_error->show();
            m_model->setRows({});
            m_rate = {};
            updateSummary();
            return;
        }
        m_error->hide();
        m_highlight->terms = matchTerms(m_query->text());
        m_model->setRows(r.data.value(u"rows"_qs).toArray());
        m_table->resizeColumnToContents(LogsModel::Time);
        m_table->resizeColumnToContents(LogsModel::Level);
        m_table->resizeColumnToContents(LogsModel::Logger);
        m_moreButton->setEnabled(r.data.value(u"next_before_id"_qs).toDouble() > 0);
        loadHistogram(query);
    });
}

void LogsPage::loadHistogram(const QString &query)
{
    m_client->request(u"logs.analysis"_qs, {{u"query"_qs, query}, {u"buckets"_qs, 60}, {u"patterns"_qs, 3}},
                      [this](const protocol::Result &r) {
                          if (!r.ok)
                              return;
                          const QJsonObject h = r.data.value(u"histogram"_qs).toObject();
                          m_histFrom = protocol::parseIsoTimestamp(h.value(u"from"_qs).toString());
                          m_bucketMs = h.value(u"bucket_ms"_qs).toDouble();
                          m_chart->removeAllSeries();
                          for (QAbstractAxis *axis : m_chart->axes())
                              m_chart->removeAxis(axis);
                          auto *series = new QStackedBarSeries;
                          const QJsonObject levels = h.value(u"levels"_qs).toObject();
                          double top = 1;
                          QList<double> totals(h.value(u"buckets"_qs).toInt(), 0);
                          for (const QString &level : Levels) {
                              if (!levels.contains(level))
                                  continue;
                              auto *set = new QBarSet(level);
                              const QJsonArray counts = levels.value(level).toArray();
                              for (qsizetype i = 0; i < counts.size(); ++i) {
                                  set->append(counts.at(i).toDouble());
                                  totals[i] += counts.at(i).toDouble();
                              }
                              // The ticket's alert colours for the serious levels; calm ones for the rest.
                              static const QHash<QString, QColor> colours = {
                                  {u"CRITICAL"_qs, QColor(0x8b, 0x00, 0x00)}, {u"ERROR"_qs, QColor(0xff, 0x00, 0x00)},
                                  {u"WARNING"_qs, QColor(0xff, 0x95, 0x00)}, {u"INFO"_qs, QColor(0x4e, 0x79, 0xa7)},
                                  {u"DEBUG"_qs, QColor(0x9a, 0xa5, 0xb1)}, {u"UNKNOWN"_qs, QColor(0x8e, 0x6c, 0xb0)}};
                              set->setColor(colours.value(level));
                              set->setBorderColor(colours.value(level));
                              series->append(set);
                          }
                          for (double t : std::as_const(totals))
                              top = qMax(top, t);
                          series->setBarWidth(0.9);
                          m_chart->addSeries(series);
                          // Whole counts, each tick a different one (a top of 1 is 0 and 1, never "1 0 0 0 0").
                          auto *y = new QValueAxis;
                          const double step = top <= 4 ? 1 : std::pow(10.0, std::floor(std::log10(top / 4))) *
                                                                 (top / 4 / std::pow(10.0, std::floor(std::log10(top / 4))) > 5 ? 10
                                                                  : top / 4 / std::pow(10.0, std::floor(std::log10(top / 4))) > 2 ? 5
                                                                                                                                  : 2);
                          y->setRange(0, std::ceil(top / step) * step);
                          y->setTickType(QValueAxis::TicksDynamic);
                          y->setTickAnchor(0);
                          y->setTickInterval(step);
                          y->setLabelFormat(QStringLiteral("%d"));
                          auto *x = new QBarCategoryAxis;
                          QStringList labels;
                          for (qsizetype i = 0; i < totals.size(); ++i)
                              labels << (i % 10 == 0 ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(m_histFrom + qint64(double(i) * m_bucketMs)),
                                                                          m_bucketMs * 60 > 2 * 86400000.0 ? u"MM-dd HH:mm"_qs : u"HH:mm"_qs)
                                                     : QString(int(i), u' '));
                          x->append(labels);
                          x->setTruncateLabels(false);
                          x->setGridLineVisible(false);
                          m_chart->addAxis(x, Qt::AlignBottom);
                          m_chart->addAxis(y, Qt::AlignLeft);
                          series->attachAxis(x);
                          series->attachAxis(y);
                          connect(series, &QStackedBarSeries::clicked, this, [this](int index, QBarSet *) { zoomToBucket(index); });
                          m_rate = r.data.value(u"error_rate"_qs).toObject();
                          updateSummary();
                      });
}

// Worded again after a language switch (it used to keep the old language).
void LogsPage::updateSummary()
{
    if (m_rate.isEmpty()) {
        m_summary->clear();
        return;
    }
    const int total = m_rate.value(u"total"_qs).toInt();
    m_summary->setText(tr("%n line(s) in the range; error rate %1 (previous period %2)", nullptr, total)
                           .arg(formatting::percent(m_rate.value(u"error_rate"_qs).toDouble()),
                                formatting::percent(m_rate.value(u"previous_error_rate"_qs).toDouble())));
}

void LogsPage::zoomToBucket(int bucket)
{
    m_zoomFrom = m_histFrom + qint64(double(bucket) * m_bucketMs);
    m_zoomTo = m_histFrom + qint64(double(bucket + 1) * m_bucketMs);
    search();
}

void LogsPage::tail()
{
    if (!m_client || m_client->state() != OpsClient::State::Connected || !isVisible())
        return;
    const qint64 newest = m_model->newestId();
    m_client->request(u"logs.search"_qs, {{u"query"_qs, effectiveQuery()}, {u"limit"_qs, 200}}, [this, newest](const protocol::Result &r) {
        if (!r.ok)
            return;
        QJsonArray fresh;
        for (const QJsonValue &v : r.data.value(u"rows"_qs).toArray()) {
            if (qint64(v.toObject().value(u"id"_qs).toDouble()) > newest)
                fresh.append(v);
        }
        m_model->prependRows(fresh);
    });
}

// The lines of the same source around the selected one (a minute either side).
void LogsPage::showContext()
{
    const QModelIndex current = m_table->currentIndex();
    if (!m_client || !current.isValid())
        return;
    const QJsonObject hit = QJsonDocument::fromJson(m_model->index(current.row(), 0).data(LogsModel::JsonRole).toString().toUtf8()).object();
    const qint64 id = qint64(hit.value(u"id"_qs).toDouble());
    const qint64 t = protocol::parseIsoTimestamp(hit.value(u"timestamp"_qs).toString());
    if (t < 0)
        return;
    QString query = QStringLiteral("from:%1 to:%2").arg(protocol::isoTimestamp(t - 60000), protocol::isoTimestamp(t + 60000));
    if (const QString source = hit.value(u"source"_qs).toString(); !source.isEmpty())
        query += QStringLiteral(" source:\"%1\"").arg(QString(source).remove(u'"'));
    m_client->request(u"logs.search"_qs, {{u"query"_qs, query}, {u"limit"_qs, 200}}, [this, id](const protocol::Result &r) {
        if (!r.ok) {
            m_detail->setPlainText(::errorText(r.error));
            return;
        }
        // Oldest first; ten lines either side of the hit, the hit marked.
        QJsonArray rows = r.data.value(u"rows"_qs).toArray();
        QList<QJsonObject> lines;
        for (qsizetype i = rows.size() - 1; i >= 0; --i)
            lines << rows.at(i).toObject();
        qsizetype at = 0;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (qint64(lines.at(i).value(u"id"_qs).toDouble()) == id)
                at = i;
        }
        QStringList out{tr("Context: the lines of the same source around the selected one")};
        for (qsizetype i = qMax<qsizetype>(0, at - 10); i < qMin(lines.size(), at + 11); ++i) {
            const QJsonObject l = lines.at(i);
            out << QStringLiteral("%1 %2  %3  %4  %5")
                       .arg(i == at ? u"▶"_qs : u" "_qs,
                            formatting::dateTimeSeconds(protocol::parseIsoTimestamp(l.value(u"timestamp"_qs).toString())),
                            l.value(u"level"_qs).toString(), l.value(u"logger"_qs).toString(), l.value(u"message"_qs).toString().left(500));
        }
        m_detail->setPlainText(out.join(u'\n'));
    });
}

QString LogsPage::summaryText() const
{
    return m_summary->text();
}

QStringList LogsPage::highlightedTerms() const
{
    return m_highlight->terms;
}

QString LogsPage::detailText() const
{
    return m_detail->toPlainText();
}

QStringList LogsPage::savedQueryNames() const
{
    QSettings settings;
    settings.beginGroup(u"logs/saved"_qs);
    return settings.childKeys();
}

void LogsPage::saveQuery(const QString &name, const QString &query)
{
    QSettings().setValue(u"logs/saved/"_qs + name, query);
}

void LogsPage::fillSavedMenu()
{
    QMenu *menu = m_savedButton->menu();
    menu->clear();
    menu->addAction(tr("Save this query…"), this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Save query"), tr("Name:"), QLineEdit::Normal, m_query->text().left(40), &ok)
                                 .trimmed()
                                 .remove(u'/')
                                 .remove(u'\\');
        if (ok && !name.isEmpty())
            saveQuery(name, m_query->text());
    })->setEnabled(!m_query->text().trimmed().isEmpty());
    const QStringList names = savedQueryNames();
    if (!names.isEmpty())
        menu->addSeparator();
    for (const QString &name : names) {
        const QString query = QSettings().value(u"logs/saved/"_qs + name).toString();
        QAction *a = menu->addAction(name, this, [this, query] {
            m_query->setText(query);
            m_searchButton->click();
        });
        a->setToolTip(query);
    }
    if (!names.isEmpty()) {
        QMenu *remove = menu->addMenu(tr("Remove"));
        for (const QString &name : names)
            remove->addAction(name, this, [name] { QSettings().remove(u"logs/saved/"_qs + name); });
    }
}

void LogsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void LogsPage::retranslateUi()
{
    m_query->setPlaceholderText(tr("Search: words, \"phrases\", level:error, logger:worker, extra.task.id:42 …"));
    m_level->setItemText(0, tr("All levels"));
    m_host->setItemText(0, tr("All hosts"));
    m_level->setItemText(1, tr("Critical"));
    m_level->setItemText(2, tr("Errors and worse"));
    m_level->setItemText(3, tr("Warnings and worse"));
    m_range->setItemText(0, tr("Last 15 minutes"));
    m_range->setItemText(1, tr("Last hour"));
    m_range->setItemText(2, tr("Last 24 hours"));
    m_range->setItemText(3, tr("Last 7 days"));
    m_searchButton->setText(tr("Search"));
    m_helpButton->setToolTip(tr("Query syntax"));
    m_live->setText(tr("Live tail"));
    m_contextButton->setText(tr("Context"));
    m_contextButton->setToolTip(tr("The lines of the same source a minute either side of the selected line."));
    m_savedButton->setText(tr("Saved queries"));
    updateSummary();
    m_live->setToolTip(tr("New lines appear as they arrive. Untick to pause the list."));
    m_moreButton->setText(tr("Load older lines"));
    m_chart->setTitle(tr("Lines per level (click a bar to zoom in)"));
    m_model->retranslate();
}

#include "ui/auditpage.h"

#include "app/errortext.h"
#include "app/formatting.h"
#include "app/opsclient.h"
#include "app/auditbundlefile.h"
#include "server/protocol/jsonlist.h"
#include "server/protocol/protocol.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QFontDatabase>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace {
const QStringList KnownActions = {QString(), u"auth.login"_qs, u"auth.login_failed"_qs, u"auth.logout"_qs, u"user.add"_qs,
                                  u"token.create"_qs, u"token.revoke"_qs, u"audit.export"_qs};
}

AuditPage::AuditPage(OpsClient *client, OfflineCache *cache, QWidget *parent)
    : QWidget(parent), m_client(client), m_cache(cache), m_model(new AuditModel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    m_banner = new QLabel(this);
    m_banner->setTextFormat(Qt::PlainText);
    m_banner->setWordWrap(true);
    layout->addWidget(m_banner);

    auto *filters = new QHBoxLayout;
    m_userLabel = new QLabel(this);
    m_user = new QLineEdit(this);
    m_user->setObjectName(u"userFilter"_qs);
    m_actionLabel = new QLabel(this);
    m_action = new QComboBox(this);
    m_action->setEditable(true);
    m_action->addItems(KnownActions);
    m_resourceLabel = new QLabel(this);
    m_resource = new QLineEdit(this);
    m_periodLabel = new QLabel(this);
    m_period = new QComboBox(this);
    m_period->addItems({QString(), QString(), QString(), QString()});
    m_searchButton = new QPushButton(this);
    m_searchButton->setDefault(true);
    for (QWidget *w : std::initializer_list<QWidget *>{m_userLabel, m_user, m_actionLabel, m_action, m_resourceLabel, m_resource,
                                                       m_periodLabel, m_period, m_searchButton})
        filters->addWidget(w);
    layout->addLayout(filters);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    m_table = new QTableView(splitter);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_detail = new QPlainTextEdit(splitter); // plain text: whatever is in the row is shown, never interpreted
    m_detail->setReadOnly(true);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    auto *buttons = new QHBoxLayout;
    m_moreButton = new QPushButton(this);
    m_csvButton = new QPushButton(this);
    m_jsonButton = new QPushButton(this);
    m_bundleButton = new QPushButton(this);
    m_liveButton = new QPushButton(this);
    buttons->addWidget(m_moreButton);
    m_follow = new QCheckBox(this);
    m_follow->setChecked(true);
    buttons->addWidget(m_follow);
    buttons->addStretch();
    for (QPushButton *b : {m_csvButton, m_jsonButton, m_bundleButton, m_liveButton})
        buttons->addWidget(b);
    layout->addLayout(buttons);

    connect(m_searchButton, &QPushButton::clicked, this, &AuditPage::search);
    connect(m_user, &QLineEdit::returnPressed, this, &AuditPage::search);
    connect(m_resource, &QLineEdit::returnPressed, this, &AuditPage::search);
    if (QLineEdit *edit = m_action->lineEdit()) // Enter in the action field searches too
        connect(edit, &QLineEdit::returnPressed, this, &AuditPage::search);
    connect(m_moreButton, &QPushButton::clicked, this, &AuditPage::loadMore);
    connect(m_csvButton, &QPushButton::clicked, this, [this] { exportTo(true); });
    connect(m_jsonButton, &QPushButton::clicked, this, [this] { exportTo(false); });
    connect(m_bundleButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open audit bundle"), QString(), tr("Audit bundles (*.json)"));
        if (!path.isEmpty())
            openBundle(path);
    });
    connect(m_liveButton, &QPushButton::clicked, this, [this] {
        m_bundleRows.clear();
        updateMode();
        search();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        m_detail->setPlainText(current.isValid() ? m_model->index(current.row(), 0).data(AuditModel::JsonRole).toString() : QString());
    });
    if (m_client) {
        connect(m_client, &OpsClient::stateChanged, this, [this](OpsClient::State state) {
            updateMode();
            if (state == OpsClient::State::Connected) {
                m_cache->sync(m_client, [this](int, const QString &) { updateMode(); });
                search();
            }
        });
        connect(&m_syncTimer, &QTimer::timeout, this, [this] {
            if (m_client->state() == OpsClient::State::Connected)
                m_cache->sync(m_client, [this](int, const QString &) { updateMode(); });
        });
        m_syncTimer.start(60000);
        // New entries appear without Search while the live log is shown (the box pauses it).
        connect(&m_followTimer, &QTimer::timeout, this, [this] {
            if (!m_follow->isChecked() || m_mode != Mode::Live || !isVisible() || m_client->state() != OpsClient::State::Connected)
                return;
            m_cache->sync(m_client, [this](int added, const QString &error) {
                updateMode();
                if (added > 0 && error.isEmpty() && m_follow->isChecked() && m_mode == Mode::Live)
                    search();
            });
        });
        m_followTimer.start(5000);
    }
    retranslateUi();
    updateMode();
}

OfflineCache::Filter AuditPage::filter() const
{
    OfflineCache::Filter f;
    f.userId = m_user->text().trimmed();
    f.action = m_action->currentText().trimmed();
    f.resource = m_resource->text().trimmed();
    static const qint64 periods[] = {-1, 86400000, 7 * 86400000LL, 30 * 86400000LL};
    const qint64 span = periods[qBound(0, m_period->currentIndex(), 3)];
    if (span > 0)
        f.fromMs = QDateTime::currentMSecsSinceEpoch() - span;
    return f;
}

QJsonObject AuditPage::queryData(const OfflineCache::Filter &f)
{
    QJsonObject data{{u"limit"_qs, f.limit}};
    if (!f.userId.isEmpty())
        data.insert(u"user_id"_qs, f.userId);
    if (!f.action.isEmpty())
        data.insert(u"action"_qs, f.action);
    if (!f.resource.isEmpty())
        data.insert(u"resource"_qs, f.resource);
    if (f.fromMs >= 0)
        data.insert(u"from"_qs, protocol::isoTimestamp(f.fromMs));
    if (f.beforeSeq > 0)
        data.insert(u"before_seq"_qs, double(f.beforeSeq));
    return data;
}

void AuditPage::updateMode()
{
    if (!m_bundleRows.isEmpty() || !m_bundleInfo.isEmpty())
        m_mode = Mode::Bundle;
    else
        m_mode = m_client && m_client->state() == OpsClient::State::Connected ? Mode::Live : Mode::Offline;
    QString text;
    QString style;
    switch (m_mode) {
    case Mode::Live:
        text = tr("Live from the daemon. Kept for offline use up to entry %1.").arg(QLocale().toString(m_cache->lastSeq()));
        style = QStringLiteral("color: #1b7f3b;");
        break;
    case Mode::Offline: {
        const qint64 at = m_cache->syncedAtMs();
        text = at > 0 ? tr("Offline: showing the local copy as of %1 (%2 entries).")
                            .arg(formatting::dateTime(at), QLocale().toString(m_cache->lastSeq()))
                      : tr("Offline, and there is no local copy yet: connect once to fill it.");
        style = QStringLiteral("background: #fff4ce; color: #6b4f00; padding: 6px; border-radius: 4px;");
        break;
    }
    case Mode::Bundle:
        text = m_bundleInfo;
        style = m_bundleRows.isEmpty() ? QStringLiteral("background: #fdecea; color: #8a1c1c; padding: 6px; border-radius: 4px;")
                                       : QStringLiteral("background: #e6f4ea; color: #1b5e20; padding: 6px; border-radius: 4px;");
        break;
    }
    m_banner->setText(text);
    m_banner->setStyleSheet(style);
    m_liveButton->setVisible(m_mode == Mode::Bundle);
}

QString AuditPage::bannerText() const
{
    return m_banner->text();
}

void AuditPage::showRows(const QList<protocol::AuditEntry> &rows, bool append)
{
    if (append)
        m_model->appendRows(rows);
    else
        m_model->setRows(rows);
    m_table->resizeColumnsToContents();
    m_moreButton->setEnabled(rows.size() >= 200 && m_mode != Mode::Bundle);
}

void AuditPage::search()
{
    const OfflineCache::Filter f = filter();
    if (m_mode == Mode::Bundle) {
        QList<protocol::AuditEntry> rows;
        for (auto it = m_bundleRows.crbegin(); it != m_bundleRows.crend(); ++it) {
            const auto &e = *it;
            if ((f.userId.isEmpty() || e.userId == f.userId)
                && (f.action.isEmpty() || e.action == f.action || e.action.startsWith(f.action + u'.'))
                && (f.resource.isEmpty() || e.resourceType == f.resource || e.resourceId == f.resource)
                && (f.fromMs < 0 || e.timestampMs >= f.fromMs))
                rows.append(e);
        }
        showRows(rows, false);
        return;
    }
    if (m_mode == Mode::Offline) {
        showRows(m_cache->query(f), false);
        return;
    }
    m_client->request(u"audit.query"_qs, queryData(f), [this](const protocol::Result &r) {
        if (!r.ok) {
            m_banner->setText(errorText(r.error.code));
            return;
        }
        takeUserNames(r.data.value(u"rows"_qs).toArray());
        showRows(protocol::listFromJson<protocol::AuditEntry>(r.data.value(u"rows"_qs).toArray()), false);
    });
}

void AuditPage::takeUserNames(const QJsonArray &rows)
{
    QHash<QString, QString> names;
    for (const QJsonValue &v : rows) {
        const QJsonObject row = v.toObject();
        if (row.contains(u"username"_qs))
            names.insert(row.value(u"user_id"_qs).toString(), row.value(u"username"_qs).toString());
    }
    m_model->addUserNames(names);
}

void AuditPage::loadMore()
{
    if (m_model->rows().isEmpty())
        return;
    OfflineCache::Filter f = filter();
    f.beforeSeq = m_model->rows().last().seq;
    if (m_mode == Mode::Offline) {
        showRows(m_cache->query(f), true);
        return;
    }
    m_client->request(u"audit.query"_qs, queryData(f), [this](const protocol::Result &r) {
        if (!r.ok)
            return;
        takeUserNames(r.data.value(u"rows"_qs).toArray());
        showRows(protocol::listFromJson<protocol::AuditEntry>(r.data.value(u"rows"_qs).toArray()), true);
    });
}

bool AuditPage::openBundle(const QString &path)
{
    QString error;
    const auto verified = openAuditBundle(path, &error);
    if (!verified) {
        m_bundleRows.clear();
        m_bundleInfo = error;
        updateMode();
        showRows({}, false);
        return false;
    }
    m_bundleRows = verified->bundle.rows;
    m_bundleInfo = tr("Bundle %1: %2 entries, chain and signature verified (key %3).")
                       .arg(path, QLocale().toString(qint64(m_bundleRows.size())), verified->keyFingerprint);
    updateMode();
    search();
    return true;
}

void AuditPage::exportTo(bool csv)
{
    const QString path = QFileDialog::getSaveFileName(this, csv ? tr("Export as CSV") : tr("Export as JSON"), QString(),
                                                      csv ? tr("CSV files (*.csv)") : tr("JSON files (*.json)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(csv ? m_model->toCsv() : m_model->toJson()) < 0 || !file.commit())
        m_banner->setText(tr("Could not write %1.").arg(path));
}

void AuditPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void AuditPage::retranslateUi()
{
    m_userLabel->setText(tr("User ID:"));
    m_actionLabel->setText(tr("Action:"));
    m_resourceLabel->setText(tr("Resource:"));
    m_periodLabel->setText(tr("Period:"));
    m_period->setItemText(0, tr("All"));
    m_period->setItemText(1, tr("Last 24 hours"));
    m_period->setItemText(2, tr("Last 7 days"));
    m_period->setItemText(3, tr("Last 30 days"));
    m_searchButton->setText(tr("Search"));
    m_moreButton->setText(tr("Load older entries"));
    m_csvButton->setText(tr("Export CSV…"));
    m_jsonButton->setText(tr("Export JSON…"));
    m_bundleButton->setText(tr("Open bundle…"));
    m_liveButton->setText(tr("Back to the live log"));
    m_follow->setText(tr("Follow new entries"));
    m_model->retranslate();
    updateMode();
}

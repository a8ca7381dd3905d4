#pragma once

#include "app/auditmodel.h"
#include "app/offlinecache.h"

#include <QJsonArray>
#include <QTimer>
#include <QWidget>

class OpsClient;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

// Who did what: the audit log with filters, paging and export; from the daemon when it is
// reachable, from the local mirror when it is not, or from an exported bundle file.
class AuditPage final : public QWidget {
    Q_OBJECT
public:
    enum class Mode { Live, Offline, Bundle };

    AuditPage(OpsClient *client, OfflineCache *cache, QWidget *parent = nullptr);

    Mode mode() const { return m_mode; }
    const AuditModel *model() const { return m_model; }
    QString bannerText() const;
    // Shows a verified bundle; false with a message in the banner when it does not verify.
    bool openBundle(const QString &path);
    void search();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void updateMode();
    void loadMore();
    void takeUserNames(const QJsonArray &rows);
    void showRows(const QList<protocol::AuditEntry> &rows, bool append);
    void exportTo(bool csv);
    OfflineCache::Filter filter() const;
    static QJsonObject queryData(const OfflineCache::Filter &filter);

    OpsClient *m_client;
    OfflineCache *m_cache;
    AuditModel *m_model;
    Mode m_mode = Mode::Offline;
    QList<protocol::AuditEntry> m_bundleRows;
    QString m_bundleInfo;
    QLabel *m_banner, *m_userLabel, *m_actionLabel, *m_resourceLabel, *m_periodLabel;
    QLineEdit *m_user, *m_resource;
    QComboBox *m_action, *m_period;
    QPushButton *m_searchButton, *m_moreButton, *m_csvButton, *m_jsonButton, *m_bundleButton, *m_liveButton;
    QTableView *m_table;
    QPlainTextEdit *m_detail;
    QTimer m_syncTimer;
    QTimer m_followTimer;
    QCheckBox *m_follow = nullptr;
};

#pragma once

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>

// Log lines for the Logs page, newest first, as logs.search returns them.
class LogsModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogsModel)
public:
    // Host: the fleet host the line came from (the page shows it when there are several).
    enum Column { Time, Level, Logger, Message, Source, Host, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, JsonRole, LevelRole };

    explicit LogsModel(QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setRows(const QJsonArray &rows);
    void appendRows(const QJsonArray &rows);  // an older page
    void prependRows(const QJsonArray &rows); // live tail: newer lines on top
    qint64 newestId() const;
    qint64 oldestId() const;
    // How many different hosts the listed lines came from.
    int hostCount() const;
    void retranslate();

private:
    QList<QJsonObject> m_rows;
};

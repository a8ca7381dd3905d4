#pragma once

#include "server/core/clock.h"
#include "server/logging/logstore.h"

#include <QFile>
#include <QObject>
#include <QTimer>
#include <memory>
#include <vector>

// Follows JSON-lines files into the log store: new lines every poll, through rotation by
// rename (the old file is read to its end first) or by truncation, and from the recorded
// offset after a restart. Delivery is at least once: a crash between storing lines and
// recording the offset re-reads them.
class LogTailer final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogTailer)
public:
    LogTailer(LogStore *logs, OpsStore *store, QStringList paths, const Clock *clock, QObject *parent = nullptr);
    ~LogTailer() override;

    void start(int intervalMs = 1000);
    // One pass over every file; returns the lines stored. Public for tests.
    qint64 poll();

private:
    struct Source {
        QString path;
        std::unique_ptr<QFile> file;
        quint64 inode = 0;
        qint64 offset = 0;
        QByteArray partial;
    };
    qint64 drain(Source &source);
    bool loadOffset(Source &source, quint64 inode, qint64 size);
    void saveOffset(const Source &source);

    LogStore *m_logs;
    OpsStore *m_store;
    const Clock *m_clock;
    std::vector<Source> m_sources;
    QTimer m_timer;
};

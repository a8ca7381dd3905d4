#pragma once

#include "server/core/clock.h"

#include <QObject>
#include <QRandomGenerator>
#include <QString>
#include <QTimer>

// `--demo`: a formauto-shaped SQLite tasks database (the SQLAlchemy model's columns, enum
// names as status) with a believable workload: tasks start, run for a while, and complete
// with varying successful_urls or fail. Only ever touches its own file.
class DemoWorkload final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoWorkload)
public:
    DemoWorkload(QString databasePath, const Clock *clock, QObject *parent = nullptr);
    ~DemoWorkload() override;

    // Creates the schema and a day of history when the file is new.
    bool open(QString *error);
    void start(int stepMs = 2000);
    // One step of the workload; public so tests drive it without timers.
    void step();

    const QString &databasePath() const { return m_path; }

private:
    bool exec(const QString &sql, const QVariantList &values = {});
    QString timestamp(qint64 ms) const;

    QString m_path;
    QString m_connection;
    const Clock *m_clock;
    QTimer m_timer;
    QRandomGenerator m_random;
};

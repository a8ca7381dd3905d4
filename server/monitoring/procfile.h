#pragma once

#include <QByteArray>
#include <QString>

// A /proc or /sys file kept open and re-read from offset 0 with pread(): opening and
// closing on every tick costs more than the read itself.
class ProcFile final {
    Q_DISABLE_COPY_MOVE(ProcFile)
public:
    explicit ProcFile(QString path);
    ~ProcFile();

    // The whole current content, or an empty array when the file cannot be read.
    const QByteArray &read();
    const QString &path() const { return m_path; }

private:
    QString m_path;
    int m_fd = -1;
    QByteArray m_buffer;
};

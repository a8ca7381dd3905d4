#pragma once

// Shared by the libFuzzer targets: a QCoreApplication for code that wants one, quiet Qt
// messages (a warning per input would be most of the run time), and text from raw bytes.

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QTemporaryDir>
#include <cstddef>
#include <cstdint>

namespace fuzzsupport {

inline void quietMessages(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtFatalMsg) { // still a crash the fuzzer must see
        fprintf(stderr, "qFatal: %s\n", qPrintable(message));
        abort();
    }
}

inline void initialize()
{
    static int argc = 1;
    static char name[] = "fuzz";
    static char *argv[] = {name, nullptr};
    qInstallMessageHandler(quietMessages);
    static QCoreApplication app(argc, argv);
}

inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

// Bytes as the daemon sees text: UTF-8 with whatever replacement characters that implies.
inline QString text(const uint8_t *data, size_t size)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
}

// One temporary directory per process, below TMPDIR: the only place a target writes to.
inline QString scratchDir()
{
    static const QTemporaryDir dir;
    return dir.path();
}

} // namespace fuzzsupport

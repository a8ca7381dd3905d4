// formauto-opsd: the FormAuto Ops daemon. Everything happens in runCommandLine().
#include "server/cli.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    // Qt's own poll() dispatcher costs a fraction of glib's per wake-up with thousands of
    // sockets (bench_fanout); an operator can still choose glib by setting QT_NO_GLIB=0.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("formauto-opsd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FORMAUTO_OPS_VERSION));
    return runCommandLine(QCoreApplication::arguments());
}

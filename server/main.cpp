// formauto-opsd: the FormAuto Ops daemon. Everything happens in runCommandLine().
#include "server/cli.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("formauto-opsd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FORMAUTO_OPS_VERSION));
    return runCommandLine(QCoreApplication::arguments());
}

// placeholder until the benchmark lands in the next commit
#include <QTest>
class bench_Fanout final : public QObject { Q_OBJECT private Q_SLOTS: void run() { QSKIP("not yet"); } };
QTEST_GUILESS_MAIN(bench_Fanout)
#include "bench_fanout.moc"

#pragma once

#include "server/protocol/metrics.h"

#include <QByteArray>

// The daemon's own counters that go beside the host and task numbers on /metrics.
struct DaemonStats {
    qint64 clients = 0;
    qint64 messagesSent = 0;
    qint64 updatesSkipped = 0;
    qint64 clientsDropped = 0;
    double uptimeSeconds = 0;
    double sampleSeconds = 0;
    double eventLoopLagP99Seconds = 0; // last minute
    double eventLoopLagMaxSeconds = 0;
    qint64 connections = 0;            // TCP connections held now (HTTP and WebSocket)
    qint64 connectionCapacity = 0;
    qint64 connectionsRefused = 0;
    qint64 connectionsEvicted = 0;
    qint64 storeBacklog = 0;           // jobs waiting for the store's writing thread
    double storeOldestWaitSeconds = 0;
    qint64 storeJobsRefused = 0;
};

// Prometheus text exposition format 0.0.4; names carry the formauto_ops_ prefix and base units.
QByteArray renderPrometheus(const protocol::MetricsSample *sample, const DaemonStats &stats);

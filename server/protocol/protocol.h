#pragma once

#include <QLatin1StringView>
#include <QString>

// Names that go on the wire, in one place. Both programs and every test use these
// constants, so a renamed field is a compile error rather than a silent mismatch.
namespace protocol {

inline constexpr int Version = 1;

namespace Type {
// client -> server
inline constexpr QLatin1StringView Login{"login"};
inline constexpr QLatin1StringView Auth{"auth"};
inline constexpr QLatin1StringView Ping{"ping"};
inline constexpr QLatin1StringView MetricsCurrent{"metrics.current"};
inline constexpr QLatin1StringView MetricsHistory{"metrics.history"};
inline constexpr QLatin1StringView UserList{"user.list"};
inline constexpr QLatin1StringView UserAdd{"user.add"};
inline constexpr QLatin1StringView TokenCreate{"token.create"};
inline constexpr QLatin1StringView TokenRevoke{"token.revoke"};
inline constexpr QLatin1StringView Logout{"logout"};
// server -> client
inline constexpr QLatin1StringView Result{"result"};
inline constexpr QLatin1StringView Hello{"hello"};
inline constexpr QLatin1StringView MetricsUpdate{"metrics_update"};
inline constexpr QLatin1StringView AlertUpdate{"alert_update"};
inline constexpr QLatin1StringView BackupProgress{"backup_progress"};
inline constexpr QLatin1StringView HealthUpdate{"health_update"};
} // namespace Type

// Stable error codes; the console translates them, scripts compare them.
namespace Error {
inline constexpr QLatin1StringView BadRequest{"bad_request"};
inline constexpr QLatin1StringView Unauthorized{"unauthorized"};
inline constexpr QLatin1StringView Forbidden{"forbidden"};
inline constexpr QLatin1StringView NotFound{"not_found"};
inline constexpr QLatin1StringView Conflict{"conflict"};
inline constexpr QLatin1StringView TooLarge{"too_large"};
inline constexpr QLatin1StringView RateLimited{"rate_limited"};
inline constexpr QLatin1StringView Internal{"internal"};
} // namespace Error

namespace Key {
inline constexpr QLatin1StringView Type{"type"};
inline constexpr QLatin1StringView Id{"id"};
inline constexpr QLatin1StringView Data{"data"};
inline constexpr QLatin1StringView Ok{"ok"};
inline constexpr QLatin1StringView Error{"error"};
inline constexpr QLatin1StringView Code{"code"};
inline constexpr QLatin1StringView Message{"message"};
inline constexpr QLatin1StringView Seq{"seq"};
inline constexpr QLatin1StringView Timestamp{"timestamp"};
} // namespace Key

enum class Role { Viewer = 0, Operator = 1, Admin = 2 };

QString roleName(Role role);
bool parseRole(const QString &name, Role *role);

// ISO-8601 UTC with milliseconds and a trailing Z, the only timestamp format on the wire.
QString isoTimestamp(qint64 msecsSinceEpoch);
// Accepts ISO-8601 with or without zone (no zone means UTC); returns -1 when it does not parse.
qint64 parseIsoTimestamp(const QString &text);

} // namespace protocol

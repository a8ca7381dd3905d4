#pragma once

#include <QObject>
#include <functional>

// Session tokens in the OS keychain (QtKeychain: Secret Service, KWallet, ...), keyed by
// profile name. Where no keychain is running the calls fail with a reason and nothing is
// written anywhere else.
class TokenStore final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenStore)
public:
    using Done = std::function<void(bool ok, const QString &tokenOrError)>;
    explicit TokenStore(QObject *parent = nullptr);

    void save(const QString &profile, const QString &token, Done done);
    void load(const QString &profile, Done done);
    void forget(const QString &profile, Done done);
};

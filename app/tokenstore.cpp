#include "app/tokenstore.h"

#include <qt6keychain/keychain.h>

namespace {
const QString Service = QStringLiteral("formauto-console");
}

TokenStore::TokenStore(QObject *parent)
    : QObject(parent)
{
}

void TokenStore::save(const QString &profile, const QString &token, Done done)
{
    auto *job = new QKeychain::WritePasswordJob(Service, this);
    job->setKey(profile);
    job->setTextData(token);
    connect(job, &QKeychain::Job::finished, this, [done](QKeychain::Job *j) {
        done(j->error() == QKeychain::NoError, j->error() == QKeychain::NoError ? QString() : j->errorString());
    });
    job->start();
}

void TokenStore::load(const QString &profile, Done done)
{
    auto *job = new QKeychain::ReadPasswordJob(Service, this);
    job->setKey(profile);
    connect(job, &QKeychain::Job::finished, this, [done](QKeychain::Job *j) {
        auto *read = static_cast<QKeychain::ReadPasswordJob *>(j);
        done(j->error() == QKeychain::NoError, j->error() == QKeychain::NoError ? read->textData() : j->errorString());
    });
    job->start();
}

void TokenStore::forget(const QString &profile, Done done)
{
    auto *job = new QKeychain::DeletePasswordJob(Service, this);
    job->setKey(profile);
    connect(job, &QKeychain::Job::finished, this, [done](QKeychain::Job *j) {
        done(j->error() == QKeychain::NoError || j->error() == QKeychain::EntryNotFound, j->errorString());
    });
    job->start();
}

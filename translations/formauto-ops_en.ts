<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AlertsModel</name>
    <message>
        <source>Critical</source>
        <translation>Critical</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Firing</source>
        <translation>Firing</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Acknowledged</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Since</translation>
    </message>
    <message>
        <source>Acknowledged by</source>
        <translation>Acknowledged by</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished">%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlertsPage</name>
    <message>
        <source>No alerts.</source>
        <translation>No alerts.</translation>
    </message>
    <message>
        <source>Level: %1   State: %2</source>
        <translation>Level: %1   State: %2</translation>
    </message>
    <message>
        <source>Acknowledged by %1 at %2: %3</source>
        <translation>Acknowledged by %1 at %2: %3</translation>
    </message>
    <message>
        <source>Timeline:</source>
        <translation>Timeline:</translation>
    </message>
    <message>
        <source>Acknowledge alert</source>
        <translation>Acknowledge alert</translation>
    </message>
    <message>
        <source>Comment (who is on it, what is being done):</source>
        <translation>Comment (who is on it, what is being done):</translation>
    </message>
    <message>
        <source>Resolve alert</source>
        <translation>Resolve alert</translation>
    </message>
    <message>
        <source>Comment:</source>
        <translation>Comment:</translation>
    </message>
    <message>
        <source>Show resolved alerts too</source>
        <translation>Show resolved alerts too</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Acknowledge…</source>
        <translation>Acknowledge…</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>Resolve…</translation>
    </message>
    <message>
        <source>fired</source>
        <translation>fired</translation>
    </message>
    <message>
        <source>acknowledged</source>
        <translation>acknowledged</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>resolved</translation>
    </message>
    <message>
        <source>escalated</source>
        <translation>escalated</translation>
    </message>
    <message>
        <source>silenced</source>
        <translation>silenced</translation>
    </message>
    <message>
        <source>silence over</source>
        <translation>silence over</translation>
    </message>
    <message>
        <source>notified</source>
        <translation>notified</translation>
    </message>
    <message>
        <source>notification failed</source>
        <translation>notification failed</translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) updated.</source>
        <translation>
            <numerusform>%n alert updated.</numerusform>
            <numerusform>%n alerts updated.</numerusform>
        </translation>
    </message>
    <message>
        <source>Silence…</source>
        <translation>Silence…</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <source>Silences</source>
        <translation>Silences</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>Rules</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Notifications</translation>
    </message>
    <message>
        <source>Fired: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved: %1 (after %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raw data from the daemon:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the daemon&apos;s raw data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All hosts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditBundle</name>
    <message>
        <source>Cannot read %1.</source>
        <translation>Cannot read %1.</translation>
    </message>
    <message>
        <source>The file is too large to be an audit bundle.</source>
        <translation>The file is too large to be an audit bundle.</translation>
    </message>
    <message>
        <source>The file is not JSON: %1.</source>
        <translation>The file is not JSON: %1.</translation>
    </message>
    <message>
        <source>The bundle does not verify: %1</source>
        <translation>The bundle does not verify: %1</translation>
    </message>
    <message>
        <source>The signature cannot be checked (libsodium failed to start).</source>
        <translation>The signature cannot be checked (libsodium failed to start).</translation>
    </message>
    <message>
        <source>The bundle does not verify: the signature does not match its rows.</source>
        <translation>The bundle does not verify: the signature does not match its rows.</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>(anonymous)</source>
        <translation>(anonymous)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>User</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Resource</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>No.</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Open audit bundle</source>
        <translation>Open audit bundle</translation>
    </message>
    <message>
        <source>Audit bundles (*.json)</source>
        <translation>Audit bundles (*.json)</translation>
    </message>
    <message>
        <source>Live from the daemon. Kept for offline use up to entry %1.</source>
        <translation>Live from the daemon. Kept for offline use up to entry %1.</translation>
    </message>
    <message>
        <source>Offline: showing the local copy as of %1 (%2 entries).</source>
        <translation>Offline: showing the local copy as of %1 (%2 entries).</translation>
    </message>
    <message>
        <source>Offline, and there is no local copy yet: connect once to fill it.</source>
        <translation>Offline, and there is no local copy yet: connect once to fill it.</translation>
    </message>
    <message>
        <source>Bundle %1: %2 entries, chain and signature verified (key %3).</source>
        <translation>Bundle %1: %2 entries, chain and signature verified (key %3).</translation>
    </message>
    <message>
        <source>Export as CSV</source>
        <translation>Export as CSV</translation>
    </message>
    <message>
        <source>Export as JSON</source>
        <translation>Export as JSON</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON files (*.json)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>Could not write %1.</translation>
    </message>
    <message>
        <source>User ID:</source>
        <translation>User ID:</translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>Action:</translation>
    </message>
    <message>
        <source>Resource:</source>
        <translation>Resource:</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Last 24 hours</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Load older entries</source>
        <translation>Load older entries</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>Export JSON…</translation>
    </message>
    <message>
        <source>Open bundle…</source>
        <translation>Open bundle…</translation>
    </message>
    <message>
        <source>Back to the live log</source>
        <translation>Back to the live log</translation>
    </message>
    <message>
        <source>Follow new entries</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupsPage</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message numerus="yes">
        <source>service database (%1, %n table(s))</source>
        <translation>
            <numerusform>service database (%1, %n table)</numerusform>
            <numerusform>service database (%1, %n tables)</numerusform>
        </translation>
    </message>
    <message>
        <source>ops store</source>
        <translation>ops store</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n file(s))</source>
        <translation>
            <numerusform>%1 (%n file)</numerusform>
            <numerusform>%1 (%n files)</numerusform>
        </translation>
    </message>
    <message>
        <source>Started.</source>
        <translation>Started.</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>Last backup: %1    Last verified: %2    Last proven restorable: %3</source>
        <translation>Last backup: %1    Last verified: %2    Last proven restorable: %3</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>not yet</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>FAILED</translation>
    </message>
    <message>
        <source>never run</source>
        <translation>never run</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1: %2 (%3)</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>running…</source>
        <translation>running…</translation>
    </message>
    <message>
        <source>%1 %2 running: %3</source>
        <translation>%1 %2 running: %3</translation>
    </message>
    <message numerus="yes">
        <source>, about %n s left</source>
        <translation>
            <numerusform>, about %n s left</numerusform>
            <numerusform>, about %n s left</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 cancelled.</source>
        <translation>%1 cancelled.</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 failed: %2</translation>
    </message>
    <message>
        <source>Select a backup first.</source>
        <translation>Select a backup first.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Starting…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Backup job</source>
        <translation>Backup job</translation>
    </message>
    <message>
        <source>What the next cleanup would delete</source>
        <translation>What the next cleanup would delete</translation>
    </message>
    <message>
        <source>Kept: younger than %1 days, the last %2, the newest of each of the last %3 days, %4 weeks and %5 months, and always the newest verified backup.</source>
        <translation>Kept: younger than %1 days, the last %2, the newest of each of the last %3 days, %4 weeks and %5 months, and always the newest verified backup.</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>Backup</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>keep</source>
        <translation>keep</translation>
    </message>
    <message>
        <source>delete</source>
        <translation>delete</translation>
    </message>
    <message numerus="yes">
        <source>%n backup(s) would be deleted.</source>
        <translation>
            <numerusform>%n backup would be deleted.</numerusform>
            <numerusform>%n backups would be deleted.</numerusform>
        </translation>
    </message>
    <message>
        <source>Create now</source>
        <translation>Create now</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Verify</translation>
    </message>
    <message>
        <source>Restore drill</source>
        <translation>Restore drill</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>Restore…</translation>
    </message>
    <message>
        <source>Retention preview…</source>
        <translation>Retention preview…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Run now</source>
        <translation>Run now</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <source>Only administrators restore.</source>
        <translation>Only administrators restore.</translation>
    </message>
    <message>
        <source>Operators and administrators start backup jobs.</source>
        <translation>Operators and administrators start backup jobs.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Took</source>
        <translation>Took</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>Proven restorable</source>
        <translation>Proven restorable</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>Contents</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Job</translation>
    </message>
    <message>
        <source>Next run</source>
        <translation>Next run</translation>
    </message>
    <message>
        <source>Last run</source>
        <translation>Last run</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>Verification</translation>
    </message>
    <message>
        <source>Restore dry run</source>
        <translation>Restore dry run</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>dumping databases</source>
        <translation>dumping databases</translation>
    </message>
    <message>
        <source>writing the archive</source>
        <translation>writing the archive</translation>
    </message>
    <message>
        <source>checking every checksum</source>
        <translation>checking every checksum</translation>
    </message>
    <message>
        <source>unpacking to staging</source>
        <translation>unpacking to staging</translation>
    </message>
    <message>
        <source>taking the safety backup</source>
        <translation>taking the safety backup</translation>
    </message>
    <message>
        <source>restoring %1</source>
        <translation>restoring %1</translation>
    </message>
    <message>
        <source>%1 finished: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written by</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CertificateDialog</name>
    <message>
        <source>Unknown certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust the certificate of %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon presented a certificate that this computer cannot verify, so it cannot tell the real daemon from someone in between. Nothing has been sent to it yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare the fingerprint with what `formauto-opsd tls fingerprint` prints on the daemon&apos;s host. Trust it only if they are the same: it is then pinned in the profile and not asked again, and any other certificate from this server will be refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust and connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished">Cancel</translation>
    </message>
    <message>
        <source>Certificate changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate of %1 has changed. The console did not connect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon presented a different certificate from the one pinned for this server. Someone may be intercepting the connection, or the daemon&apos;s certificate was replaced. No password or token was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>If the change is expected (ask whoever runs the daemon, and compare the new fingerprint with `formauto-opsd tls fingerprint`), forget the pinned certificate in File &gt; Connect… and connect again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>If the change is expected (ask whoever runs the daemon, and compare the new fingerprint with `formauto-opsd tls fingerprint`), forget the pinned certificate of the profile &quot;%1&quot; in File &gt; Connect… and connect again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server:</source>
        <translation type="unfinished">Server:</translation>
    </message>
    <message>
        <source>Issued to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (self-signed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Names:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presented now (SHA-256):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pinned (SHA-256):</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect to formauto-opsd</source>
        <translation>Connect to formauto-opsd</translation>
    </message>
    <message>
        <source>Saved server:</source>
        <translation>Saved server:</translation>
    </message>
    <message>
        <source>Profile name:</source>
        <translation>Profile name:</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <source>User and password</source>
        <translation>User and password</translation>
    </message>
    <message>
        <source>API token</source>
        <translation>API token</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>User:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>Token:</translation>
    </message>
    <message>
        <source>Remember the session in the system keychain</source>
        <translation>Remember the session in the system keychain</translation>
    </message>
    <message>
        <source>Save this server</source>
        <translation>Save this server</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Connect</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>CA certificate to trust</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget the pinned certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget the certificate pinned for %1?

The next connection will show the daemon&apos;s certificate and ask again. Do this only when you know why the certificate changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connects to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra CA file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pinned certificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not encrypted: the password or token and everything on screen would cross the network in clear. Use wss:// unless a TLS proxy in front of the daemon handles encryption.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wss://HOST:PORT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional, PEM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A CA certificate file (PEM) to trust for this server, besides the system&apos;s CAs</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CurrentMetricsModel</name>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Memory</translation>
    </message>
    <message>
        <source>Disk (/)</source>
        <translation>Disk (/)</translation>
    </message>
    <message>
        <source>Network received</source>
        <translation>Network received</translation>
    </message>
    <message>
        <source>Network sent</source>
        <translation>Network sent</translation>
    </message>
    <message>
        <source>Running tasks</source>
        <translation>Running tasks</translation>
    </message>
    <message>
        <source>Completed today</source>
        <translation>Completed today</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>Success rate</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Metric</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Current</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>Minimum</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>Maximum</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>Average</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Core %1</source>
        <translation>Core %1</translation>
    </message>
    <message>
        <source>Load %1 / %2 / %3</source>
        <translation>Load %1 / %2 / %3</translation>
    </message>
    <message>
        <source>%1 of %2 available</source>
        <translation>%1 of %2 available</translation>
    </message>
    <message>
        <source>%1 free of %2</source>
        <translation>%1 free of %2</translation>
    </message>
    <message>
        <source>Task database unavailable</source>
        <translation>Task database unavailable</translation>
    </message>
    <message>
        <source>%1 completed in total</source>
        <translation>%1 completed in total</translation>
    </message>
    <message>
        <source>of completed tasks</source>
        <translation>of completed tasks</translation>
    </message>
    <message>
        <source>No update from the daemon since %1 (%2). The figures below are out of date.</source>
        <translation>No update from the daemon since %1 (%2). The figures below are out of date.</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>Range:</source>
        <translation>Range:</translation>
    </message>
    <message>
        <source>Live 5 min</source>
        <translation>Live 5 min</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 hour</translation>
    </message>
    <message>
        <source>24 hours</source>
        <translation>24 hours</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 days</translation>
    </message>
    <message>
        <source>Per-core CPU</source>
        <translation>Per-core CPU</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>Demo data</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Memory</translation>
    </message>
    <message>
        <source>Disk (/)</source>
        <translation>Disk (/)</translation>
    </message>
    <message>
        <source>Running tasks</source>
        <translation>Running tasks</translation>
    </message>
    <message>
        <source>Completed today</source>
        <translation>Completed today</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>Success rate</translation>
    </message>
    <message>
        <source>CPU usage (%)</source>
        <translation>CPU usage (%)</translation>
    </message>
    <message>
        <source>Memory usage (%)</source>
        <translation>Memory usage (%)</translation>
    </message>
    <message>
        <source>Disk usage per mount (%)</source>
        <translation>Disk usage per mount (%)</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>Task success rate (%)</source>
        <translation>Task success rate (%)</translation>
    </message>
    <message>
        <source>Swap</source>
        <translation>Swap</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Running</translation>
    </message>
    <message>
        <source>Backups: last %1 · proven restorable %2</source>
        <translation>Backups: last %1 · proven restorable %2</translation>
    </message>
    <message>
        <source>Service, last minute: %1 requests · average %2 ms · p95 %3 ms · %4 errors</source>
        <translation>Service, last minute: %1 requests · average %2 ms · p95 %3 ms · %4 errors</translation>
    </message>
    <message>
        <source>Service: no requests reported in the last minute</source>
        <translation>Service: no requests reported in the last minute</translation>
    </message>
    <message>
        <source>Network traffic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The start must be before the end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert rule %1 (%2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert fired (%1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert resolved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemon started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose any range. On a chart: drag to zoom, wheel to zoom, Shift+drag to pan, double-click for live.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to live (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load average</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk I/O</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>5 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>15 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to this daemon&apos;s host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to %1 (this daemon)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host: %1 (this daemon)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host: %1 — down: no heartbeat since %2; its figures stop there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host: %1 (through this daemon)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host: %1 (through %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DiagnosisDialog</name>
    <message>
        <source>Critical</source>
        <translation>Critical</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>The disk will be full in about %1 hours</source>
        <translation>The disk will be full in about %1 hours</translation>
    </message>
    <message>
        <source>Free space falls by %1 per hour; %2 are left.</source>
        <translation>Free space falls by %1 per hour; %2 are left.</translation>
    </message>
    <message>
        <source>Growing logs, uploads or backups without retention.</source>
        <translation>Growing logs, uploads or backups without retention.</translation>
    </message>
    <message>
        <source>Find what grows (du -x / | sort -n), apply retention to logs and backups, or add space.</source>
        <translation>Find what grows (du -x / | sort -n), apply retention to logs and backups, or add space.</translation>
    </message>
    <message>
        <source>Memory use grows steadily (%1 % per hour)</source>
        <translation>Memory use grows steadily (%1 % per hour)</translation>
    </message>
    <message>
        <source>Memory is at %1 % and rises in a straight line; at this pace it runs out in about %2 hours.</source>
        <translation>Memory is at %1 % and rises in a straight line; at this pace it runs out in about %2 hours.</translation>
    </message>
    <message>
        <source>A memory leak in a worker or the API process, or a cache without a limit.</source>
        <translation>A memory leak in a worker or the API process, or a cache without a limit.</translation>
    </message>
    <message>
        <source>Check which process grows (ps aux --sort=-rss); restart it before it runs out, then find the leak.</source>
        <translation>Check which process grows (ps aux --sort=-rss); restart it before it runs out, then find the leak.</translation>
    </message>
    <message>
        <source>Errors are up: %1 % of requests failed in the last 5 minutes</source>
        <translation>Errors are up: %1 % of requests failed in the last 5 minutes</translation>
    </message>
    <message>
        <source>%1 error lines in the last 15 minutes, against %2 per minute before.</source>
        <translation>%1 error lines in the last 15 minutes, against %2 per minute before.</translation>
    </message>
    <message>
        <source>The database is slow or unreachable at the same time.</source>
        <translation>The database is slow or unreachable at the same time.</translation>
    </message>
    <message>
        <source>Redis is down at the same time: queues and caches fail.</source>
        <translation>Redis is down at the same time: queues and caches fail.</translation>
    </message>
    <message>
        <source>No dependency is down; the logs say more.</source>
        <translation>No dependency is down; the logs say more.</translation>
    </message>
    <message>
        <source>Check the database: connections, locks, slow queries, disk.</source>
        <translation>Check the database: connections, locks, slow queries, disk.</translation>
    </message>
    <message>
        <source>Restart or repair Redis; then check the workers reconnect.</source>
        <translation>Restart or repair Redis; then check the workers reconnect.</translation>
    </message>
    <message>
        <source>Read the error lines in the evidence and the service&apos;s recent deploys.</source>
        <translation>Read the error lines in the evidence and the service&apos;s recent deploys.</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) RUNNING for more than %1 minutes</source>
        <translation>
            <numerusform>%n task RUNNING for more than %1 minutes</numerusform>
            <numerusform>%n tasks RUNNING for more than %1 minutes</numerusform>
        </translation>
    </message>
    <message>
        <source>The oldest has been running for %1 minutes.</source>
        <translation>The oldest has been running for %1 minutes.</translation>
    </message>
    <message>
        <source>A worker died or hangs on a site that never answers, leaving its tasks marked running.</source>
        <translation>A worker died or hangs on a site that never answers, leaving its tasks marked running.</translation>
    </message>
    <message>
        <source>Check the workers are alive; requeue or fail the stuck tasks; set timeouts on form submissions.</source>
        <translation>Check the workers are alive; requeue or fail the stuck tasks; set timeouts on form submissions.</translation>
    </message>
    <message>
        <source>Task success rate fell from %1 % to %2 %</source>
        <translation>Task success rate fell from %1 % to %2 %</translation>
    </message>
    <message>
        <source>The last hour&apos;s average against the five hours before.</source>
        <translation>The last hour&apos;s average against the five hours before.</translation>
    </message>
    <message>
        <source>Target sites changed their forms, block the service, or the network path fails.</source>
        <translation>Target sites changed their forms, block the service, or the network path fails.</translation>
    </message>
    <message>
        <source>Look at the failing URLs in the logs; try one by hand; check proxies and rate limits.</source>
        <translation>Look at the failing URLs in the logs; try one by hand; check proxies and rate limits.</translation>
    </message>
    <message>
        <source>There is no backup</source>
        <translation>There is no backup</translation>
    </message>
    <message>
        <source>The newest backup is %1 hours old</source>
        <translation>The newest backup is %1 hours old</translation>
    </message>
    <message>
        <source>Backups are expected at least every %1 hours.</source>
        <translation>Backups are expected at least every %1 hours.</translation>
    </message>
    <message>
        <source>The backup job fails or does not run (schedule, disk space, database permissions).</source>
        <translation>The backup job fails or does not run (schedule, disk space, database permissions).</translation>
    </message>
    <message>
        <source>Look at the schedule&apos;s last runs on the Backups page and run a backup now.</source>
        <translation>Look at the schedule&apos;s last runs on the Backups page and run a backup now.</translation>
    </message>
    <message>
        <source>The newest backup failed its check</source>
        <translation>The newest backup failed its check</translation>
    </message>
    <message>
        <source>The newest backup has never been verified</source>
        <translation>The newest backup has never been verified</translation>
    </message>
    <message>
        <source>A damaged archive, a dump that does not restore, or a verify job that does not run.</source>
        <translation>A damaged archive, a dump that does not restore, or a verify job that does not run.</translation>
    </message>
    <message>
        <source>Take a new backup now, verify it and run a restore drill; check the disk the backups are on.</source>
        <translation>Take a new backup now, verify it and run a restore drill; check the disk the backups are on.</translation>
    </message>
    <message>
        <source>The certificate of %1 expires in %2 days</source>
        <translation>The certificate of %1 expires in %2 days</translation>
    </message>
    <message>
        <source>It expires at %1.</source>
        <translation>It expires at %1.</translation>
    </message>
    <message>
        <source>Automatic renewal is not set up or fails.</source>
        <translation>Automatic renewal is not set up or fails.</translation>
    </message>
    <message>
        <source>Renew the certificate (certbot renew, or your provider) and reload the web server.</source>
        <translation>Renew the certificate (certbot renew, or your provider) and reload the web server.</translation>
    </message>
    <message>
        <source>Notifications through %1 are failing</source>
        <translation>Notifications through %1 are failing</translation>
    </message>
    <message>
        <source>%1 waiting; last error: %2</source>
        <translation>%1 waiting; last error: %2</translation>
    </message>
    <message>
        <source>The webhook URL, SMTP credentials or the network path to it changed.</source>
        <translation>The webhook URL, SMTP credentials or the network path to it changed.</translation>
    </message>
    <message>
        <source>Check the channel&apos;s settings and that this host reaches it; queued alerts go out once it works.</source>
        <translation>Check the channel&apos;s settings and that this host reaches it; queued alerts go out once it works.</translation>
    </message>
    <message>
        <source>The clocks differ by %1 s</source>
        <translation>The clocks differ by %1 s</translation>
    </message>
    <message>
        <source>%1 answers with a time %2 s away from this host&apos;s clock.</source>
        <translation>%1 answers with a time %2 s away from this host&apos;s clock.</translation>
    </message>
    <message>
        <source>Time synchronisation is not running on one of the hosts.</source>
        <translation>Time synchronisation is not running on one of the hosts.</translation>
    </message>
    <message>
        <source>Enable time synchronisation (systemd-timesyncd or chrony) on both hosts.</source>
        <translation>Enable time synchronisation (systemd-timesyncd or chrony) on both hosts.</translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation>Diagnosis</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>Open the evidence</source>
        <translation>Open the evidence</translation>
    </message>
    <message>
        <source>Run again</source>
        <translation>Run again</translation>
    </message>
    <message>
        <source>Export Markdown…</source>
        <translation>Export Markdown…</translation>
    </message>
    <message>
        <source>Export HTML…</source>
        <translation>Export HTML…</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>Export JSON…</translation>
    </message>
    <message>
        <source>Diagnosing…</source>
        <translation>Diagnosing…</translation>
    </message>
    <message>
        <source>Nothing looks wrong.</source>
        <translation>Nothing looks wrong.</translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s), the most serious first.</source>
        <translation>
            <numerusform>%n finding, the most serious first.</numerusform>
            <numerusform>%n findings, the most serious first.</numerusform>
        </translation>
    </message>
    <message>
        <source>Probable cause: %1</source>
        <translation>Probable cause: %1</translation>
    </message>
    <message>
        <source>Suggested action: %1</source>
        <translation>Suggested action: %1</translation>
    </message>
    <message>
        <source>Evidence:</source>
        <translation>Evidence:</translation>
    </message>
    <message>
        <source>  %1 from %2 to %3: %4 → %5 (min %6, max %7)</source>
        <translation>  %1 from %2 to %3: %4 → %5 (min %6, max %7)</translation>
    </message>
    <message>
        <source>Export the diagnosis</source>
        <translation>Export the diagnosis</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Could not write %1: %2</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>Saved to %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) firing that nobody has acknowledged</source>
        <translation>
            <numerusform>%n alert firing that nobody has acknowledged</numerusform>
            <numerusform>%n alerts firing that nobody has acknowledged</numerusform>
        </translation>
    </message>
    <message>
        <source>The most serious is %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>See each alert for what it measured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the Alerts page, acknowledge what is being handled and act on the rest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No notification channel is configured: nobody will be notified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every channel for error and critical alerts is failing: nobody is being notified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No channel is routed for error or critical alerts: nobody will be notified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts of these levels fire and escalate, but no message leaves the monitored host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The channels&apos; settings or the network path to them changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The [notify] section has no channel, or its routes leave these levels out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configure a Slack, email or webhook channel, route error and critical alerts to it, and send a test.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>The daemon could not understand the request.</source>
        <translation>The daemon could not understand the request.</translation>
    </message>
    <message>
        <source>Wrong user name or password, or the session has expired.</source>
        <translation>Wrong user name or password, or the session has expired.</translation>
    </message>
    <message>
        <source>Your role does not allow this action.</source>
        <translation>Your role does not allow this action.</translation>
    </message>
    <message>
        <source>The requested item does not exist.</source>
        <translation>The requested item does not exist.</translation>
    </message>
    <message>
        <source>The item already exists or was changed by someone else.</source>
        <translation>The item already exists or was changed by someone else.</translation>
    </message>
    <message>
        <source>The request is too large; choose a shorter range or a larger step.</source>
        <translation>The request is too large; choose a shorter range or a larger step.</translation>
    </message>
    <message>
        <source>Too many attempts; wait a moment and try again.</source>
        <translation>Too many attempts; wait a moment and try again.</translation>
    </message>
    <message>
        <source>The daemon failed to carry out the request; see its log.</source>
        <translation>The daemon failed to carry out the request; see its log.</translation>
    </message>
    <message>
        <source>Not connected to the daemon.</source>
        <translation>Not connected to the daemon.</translation>
    </message>
    <message>
        <source>The daemon did not answer in time.</source>
        <translation>The daemon did not answer in time.</translation>
    </message>
    <message>
        <source>The daemon reported an error (%1).</source>
        <translation>The daemon reported an error (%1).</translation>
    </message>
</context>
<context>
    <name>FleetModel</name>
    <message>
        <source>%1 %2</source>
        <comment>count and alert level, e.g. 2 critical</comment>
        <translation type="unfinished">%1 %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished">none</translation>
    </message>
    <message>
        <source>, </source>
        <comment>between the alert counts of one host</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No heartbeat from %1 since %2: it is down (or cannot reach the store). Its figures are the last it sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The leader runs the fleet&apos;s scheduled jobs, escalation and the host-down check (term %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (this daemon)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (agent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Down for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up · leader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished">State</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished">CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished">Memory</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running tasks</source>
        <translation type="unfinished">Running tasks</translation>
    </message>
    <message>
        <source>Open alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last heartbeat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console cannot reach server %1: %2. These are the figures it last answered, at %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console cannot reach server %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not reachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FleetPage</name>
    <message>
        <source>The fleet could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No host has reported yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n host(s)</source>
        <translation>
            <numerusform>%n host</numerusform>
            <numerusform>%n hosts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n down</source>
        <translation>
            <numerusform>%1 · %n down</numerusform>
            <numerusform>%1 · %n down</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · all up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · no leader: scheduled jobs and escalation wait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · leader %2 (term %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fleet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This daemon cannot reach the fleet&apos;s store (%1): the list is as of %2 and may be out of date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show on Dashboard and Health</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n other server(s)</source>
        <translation>
            <numerusform>%1 · %n other server</numerusform>
            <numerusform>%1 · %n other servers</numerusform>
        </translation>
    </message>
    <message>
        <source>Or double-click a host. A host of another server connects the window to that server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other servers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watch saved servers (independent daemons, each with its own store and sign-in) on this page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every daemon on the same PostgreSQL store is a host of this fleet. A host that sends no heartbeat for the fleet&apos;s down time is down and raises a host-down alert; the leader runs the scheduled jobs and escalation for all of them. Hosts of other servers are watched through their own connections.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n not reachable</source>
        <translation>
            <numerusform>%1 · %n not reachable</numerusform>
            <numerusform>%1 · %n not reachable</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message numerus="yes">
        <source>%n s ago</source>
        <translation>
            <numerusform>%n s ago</numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n min ago</numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>%n h ago</numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HealthPage</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>CPU %1, memory %2</source>
        <translation>CPU %1, memory %2</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 used, %n client(s)</source>
        <translation>
            <numerusform>%1 used, %n client</numerusform>
            <numerusform>%1 used, %n clients</numerusform>
        </translation>
    </message>
    <message>
        <source>certificate: %1 days left</source>
        <translation>certificate: %1 days left</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>last backup: %1</source>
        <translation>last backup: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>event loop lag %1 ms</source>
        <translation>event loop lag %1 ms</translation>
    </message>
    <message>
        <source>Metrics sampler</source>
        <translation>Metrics sampler</translation>
    </message>
    <message>
        <source>Ops store</source>
        <translation>Ops store</translation>
    </message>
    <message>
        <source>CPU and memory</source>
        <translation>CPU and memory</translation>
    </message>
    <message>
        <source>Disks</source>
        <translation>Disks</translation>
    </message>
    <message>
        <source>This daemon</source>
        <translation>This daemon</translation>
    </message>
    <message>
        <source>Service database</source>
        <translation>Service database</translation>
    </message>
    <message>
        <source>Redis</source>
        <translation>Redis</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>Notification channels</source>
        <translation>Notification channels</translation>
    </message>
    <message>
        <source>Endpoint %1</source>
        <translation>Endpoint %1</translation>
    </message>
    <message>
        <source>Port %1</source>
        <translation>Port %1</translation>
    </message>
    <message>
        <source>DNS %1</source>
        <translation>DNS %1</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>timed out</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>unreachable</translation>
    </message>
    <message>
        <source>authentication failed</source>
        <translation>authentication failed</translation>
    </message>
    <message>
        <source>query failed</source>
        <translation>query failed</translation>
    </message>
    <message>
        <source>unexpected HTTP status</source>
        <translation>unexpected HTTP status</translation>
    </message>
    <message>
        <source>unexpected answer</source>
        <translation>unexpected answer</translation>
    </message>
    <message>
        <source>TLS handshake failed</source>
        <translation>TLS handshake failed</translation>
    </message>
    <message>
        <source>certificate expiring</source>
        <translation>certificate expiring</translation>
    </message>
    <message>
        <source>name not resolved</source>
        <translation>name not resolved</translation>
    </message>
    <message>
        <source>above the warning threshold</source>
        <translation>above the warning threshold</translation>
    </message>
    <message>
        <source>above the critical threshold</source>
        <translation>above the critical threshold</translation>
    </message>
    <message>
        <source>no recent sample</source>
        <translation>no recent sample</translation>
    </message>
    <message>
        <source>falling behind</source>
        <translation>falling behind</translation>
    </message>
    <message>
        <source>no backup yet</source>
        <translation>no backup yet</translation>
    </message>
    <message>
        <source>backup too old</source>
        <translation>backup too old</translation>
    </message>
    <message>
        <source>a channel is failing</source>
        <translation>a channel is failing</translation>
    </message>
    <message>
        <source>misconfigured</source>
        <translation>misconfigured</translation>
    </message>
    <message>
        <source>Healthy, with a warning</source>
        <translation>Healthy, with a warning</translation>
    </message>
    <message>
        <source>Healthy</source>
        <translation>Healthy</translation>
    </message>
    <message>
        <source>Check failed</source>
        <translation>Check failed</translation>
    </message>
    <message>
        <source>Unhealthy (critical)</source>
        <translation>Unhealthy (critical)</translation>
    </message>
    <message>
        <source>Unhealthy</source>
        <translation>Unhealthy</translation>
    </message>
    <message>
        <source>Running every check…</source>
        <translation>Running every check…</translation>
    </message>
    <message>
        <source>Run checks now</source>
        <translation>Run checks now</translation>
    </message>
    <message>
        <source>Run diagnosis…</source>
        <translation>Run diagnosis…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Changes</translation>
    </message>
    <message>
        <source>Performance over the last minute, per endpoint</source>
        <translation>Performance over the last minute, per endpoint</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpoint</translation>
    </message>
    <message>
        <source>Requests/min</source>
        <translation>Requests/min</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>Average</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Errors</translation>
    </message>
    <message>
        <source>Health: not known yet</source>
        <translation>Health: not known yet</translation>
    </message>
    <message>
        <source>Average (ms)</source>
        <translation>Average (ms)</translation>
    </message>
    <message>
        <source>p95 (ms)</source>
        <translation>p95 (ms)</translation>
    </message>
    <message>
        <source>no channel configured: nobody will be notified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no channel for error or critical alerts: nobody will be notified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every channel for error or critical alerts is failing: nobody is being notified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot heartbeat to the fleet&apos;s store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a host of the fleet is down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no member leads the fleet: scheduled jobs and escalation wait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another daemon uses this host name: this one stands aside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the store does not answer: writes are waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>writes are waiting for the store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each host&apos;s daemon runs its own checks; this page shows %1&apos;s last report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:</source>
        <translation type="unfinished">%1:</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unhealthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not known — no heartbeat since %1 (its last report said %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last reported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Performance over the last minute, per endpoint (reported to %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diagnosis runs on this daemon&apos;s own host; go back to it on the Dashboard to run it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the hub has taken no push from this agent for a minute: its figures wait in the buffer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LogsModel</name>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>Logger</source>
        <translation>Logger</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LogsPage</name>
    <message>
        <source>Log search</source>
        <translation>Log search</translation>
    </message>
    <message>
        <source>Search: words, &quot;phrases&quot;, level:error, logger:worker, extra.task.id:42 …</source>
        <translation>Search: words, &quot;phrases&quot;, level:error, logger:worker, extra.task.id:42 …</translation>
    </message>
    <message>
        <source>All levels</source>
        <translation>All levels</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Critical</translation>
    </message>
    <message>
        <source>Errors and worse</source>
        <translation>Errors and worse</translation>
    </message>
    <message>
        <source>Warnings and worse</source>
        <translation>Warnings and worse</translation>
    </message>
    <message>
        <source>Last 15 minutes</source>
        <translation>Last 15 minutes</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Last hour</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Last 24 hours</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Query syntax</source>
        <translation>Query syntax</translation>
    </message>
    <message>
        <source>Live tail</source>
        <translation>Live tail</translation>
    </message>
    <message>
        <source>Load older lines</source>
        <translation>Load older lines</translation>
    </message>
    <message>
        <source>Lines per level (click a bar to zoom in)</source>
        <translation>Lines per level (click a bar to zoom in)</translation>
    </message>
    <message>
        <source>New lines appear as they arrive. Untick to pause the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The query is not valid at character %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context: the lines of the same source around the selected one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save this query…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save query</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished">Name:</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished">Remove</translation>
    </message>
    <message>
        <source>Context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lines of the same source a minute either side of the selected line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved queries</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) in the range; error rate %1 (previous period %2)</source>
        <translation>
            <numerusform>%n line in the range; error rate %1 (previous period %2)</numerusform>
            <numerusform>%n lines in the range; error rate %1 (previous period %2)</numerusform>
        </translation>
    </message>
    <message>
        <source>Words and &quot;quoted phrases&quot; must all match; -word excludes. There is no OR.
level:error or level:warning,error — one of these levels
logger:worker   source:api   host:worker-1   extra.task.id:42
since:15m (s, m, h, d, w)   from:2026-11-28T10:00:00Z   to:…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All hosts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>About FormAuto Ops</source>
        <translation>About FormAuto Ops</translation>
    </message>
    <message>
        <source>FormAuto Ops console %1
Operations console for the formauto service.</source>
        <translation>FormAuto Ops console %1
Operations console for the formauto service.</translation>
    </message>
    <message>
        <source>The session could not be kept in the keychain: %1</source>
        <translation>The session could not be kept in the keychain: %1</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Disconnected</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <source>Connection lost, reconnecting…</source>
        <translation>Connection lost, reconnecting…</translation>
    </message>
    <message>
        <source>Connected, no updates</source>
        <translation>Connected, no updates</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <source>User: %1 (%2)</source>
        <translation>User: %1 (%2)</translation>
    </message>
    <message>
        <source>Last update: %1</source>
        <translation>Last update: %1</translation>
    </message>
    <message>
        <source>Round trip: %1 ms</source>
        <translation>Round trip: %1 ms</translation>
    </message>
    <message>
        <source>FormAuto Ops</source>
        <translation>FormAuto Ops</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>&amp;Connect…</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Disconnect</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>Live 5 minutes</source>
        <translation>Live 5 minutes</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Last hour</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Last 24 hours</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>System default</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <source>Open audit bundle</source>
        <translation>Open audit bundle</translation>
    </message>
    <message>
        <source>Audit bundles (*.json)</source>
        <translation>Audit bundles (*.json)</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Logs</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Audit</translation>
    </message>
    <message>
        <source>Open audit &amp;bundle…</source>
        <translation>Open audit &amp;bundle…</translation>
    </message>
    <message>
        <source>%1 alert</source>
        <translation>%1 alert</translation>
    </message>
    <message>
        <source>Alerts (%1)</source>
        <translation>Alerts (%1)</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alerts</translation>
    </message>
    <message numerus="yes">
        <source>FormAuto Ops: %n unacknowledged alert(s)</source>
        <translation>
            <numerusform>FormAuto Ops: %n unacknowledged alert</numerusform>
            <numerusform>FormAuto Ops: %n unacknowledged alerts</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Sound for new error and critical alerts</source>
        <translation>&amp;Sound for new error and critical alerts</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Health</translation>
    </message>
    <message>
        <source>No secure connection to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encrypted (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate: %1
SHA-256: %2
Valid until: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not encrypted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passwords, tokens and everything on screen cross the network in clear. Connect with wss://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not encrypted (this computer only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon runs on this computer; nothing leaves it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate changed: refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate not trusted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer over ws:// — does the daemon want wss://?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon closed the connection without answering. A daemon with TLS on does that to plain text: connect with wss:// instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FormAuto Ops — no updates since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FormAuto Ops: no updates since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to &amp;live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Mute notifications (muted until %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Mute notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>For %n hour(s)</source>
        <translation>
            <numerusform>For %n hour</numerusform>
            <numerusform>For %n hours</numerusform>
        </translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No update from the daemon since %1 (%2): every page shows what it knew then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fleet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the keychain did not give its sign-in: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other servers on the Fleet page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (connected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no remembered sign-in: connect to it once with “Remember the session in the system keychain” ticked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved servers to watch beside the one this window is connected to. Each is reached with its own remembered sign-in; a server you have not signed in to with “Remember the session in the system keychain” ticked is shown as not reachable until you do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No saved server yet: connect to one (File &gt; Connect…) and save it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>%1: “%2”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU usage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory usage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Swap usage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk usage (/)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task success rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running tasks</source>
        <translation type="unfinished">Running tasks</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average response time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load average (%1 min)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backup verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restore drill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backup retention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>log retention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>diagnosis digest</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 is %2 (threshold %3, for %n s)</source>
        <translation>
            <numerusform>%1 is %2 (threshold %3, for %n s)</numerusform>
            <numerusform>%1 is %2 (threshold %3, for %n s)</numerusform>
        </translation>
    </message>
    <message>
        <source>The health check %1 is failing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished">%1 (%2)</translation>
    </message>
    <message>
        <source>The audit log cannot be written, so actions are refused until it can (%1: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Deliveries through %1 failed %n time(s) in a row; last error: %2</source>
        <translation>
            <numerusform>Deliveries through %1 failed %n time in a row; last error: %2</numerusform>
            <numerusform>Deliveries through %1 failed %n times in a row; last error: %2</numerusform>
        </translation>
    </message>
    <message>
        <source>The scheduled %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Health check %1 is failing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notification channel %1 is failing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit log cannot be written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheduled %1 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU usage above 80 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU usage above 95 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory usage above 85 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory usage above 95 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk usage above 90 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task success rate below 50 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 crossed its threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fired at a value of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fired</source>
        <translation type="unfinished">fired</translation>
    </message>
    <message>
        <source>acknowledged by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resolved by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resolved: the condition cleared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>escalated (step %1): %2 → %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>notifications held by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>notifications held by a silence of %1 until %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>silence over: notifications resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>notified through %1 (attempt %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>notification through %1 failed (attempt %2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ops store</source>
        <translation type="unfinished">ops store</translation>
    </message>
    <message>
        <source>files %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>safety backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restore dry run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many logins at once; try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many failed logins; wait a while before trying again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon could not check the login; see its log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon could not store the session; see its log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit log could not be written, so the action was not carried out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many searches are running on the daemon; try again shortly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backups are not enabled on this daemon.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scheduler is not enabled on this daemon.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A restore must be confirmed by typing the backup&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That job is no longer running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a quote opened here is never closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only words and phrases can be excluded with “-”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>since: takes a duration such as 30s, 15m, 2h, 7d or 1w</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from: is after to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no backup yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every backup is verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no email channel is configured ([notify] smtp_url)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>log retention applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every checksum matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the backup holds no database to drill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dry run: nothing was changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled; nothing was left behind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no service database is configured on this daemon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>did not exist before; removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the previous content is back in place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restored from the safety backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this is not a formauto audit bundle (version 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the bundle&apos;s public key or signature is missing or malformed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A %1 job is running; one job runs at a time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no backup named %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no scheduled job %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 is already running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the query is longer than %1 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the query has more than %1 terms; narrow it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1:” needs a value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no %1: every word must match, -word excludes a word, level:warning,error takes either level, and “%1” in quotes searches for the word</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown level “%1” (debug, info, warning, error, critical, unknown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: takes an ISO-8601 time such as 2026-11-28T10:00:00Z</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing to delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n backup(s) deleted: %1</source>
        <translation>
            <numerusform>%n backup deleted: %1</numerusform>
            <numerusform>%n backups deleted: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>digest with %n finding(s) queued for email</source>
        <translation>
            <numerusform>digest with %n finding queued for email</numerusform>
            <numerusform>digest with %n findings queued for email</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s): %1</source>
        <translation>
            <numerusform>%n finding: %1</numerusform>
            <numerusform>%n findings: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n database(s) restored into a scratch database, integrity checked, row counts match</source>
        <translation>
            <numerusform>%n database restored into a scratch database, integrity checked, row counts match</numerusform>
            <numerusform>%n databases restored into a scratch database, integrity checked, row counts match</numerusform>
        </translation>
    </message>
    <message>
        <source>the daemon&apos;s own store is not replaced by a restore; for disaster recovery, stop the daemon and put %1 from the archive in place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not one of this daemon&apos;s [backup] directories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>row %1 cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>row %1 was changed: its content does not match its digest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>row %1 does not follow row %2: rows were removed or reordered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>created %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <extracomment>Separator between the items of a list inside a sentence.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>found on disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not selected by any rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>newest verified backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>newest of its day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>newest of its week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>newest of its month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>requested by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>safety backup before restoring %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>within %n day(s)</source>
        <translation>
            <numerusform>within %n day</numerusform>
            <numerusform>within %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>among the newest %n</source>
        <translation>
            <numerusform>among the newest %n</numerusform>
            <numerusform>among the newest %n</numerusform>
        </translation>
    </message>
    <message>
        <source>the restore drill found problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>taken with formauto-opsd backup create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No heartbeat from %1 since %2 (a host is down after %3 s of silence)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host %1 is down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no host %1 in the fleet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host %1 has not reported this yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown field “%1” (level, logger, source, host, since, from, to, extra.PATH)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon&apos;s store is not taking work now (see the ops_store check on Health); try again shortly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the store did not take the job&apos;s work (its backlog is full, or the daemon is stopping)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hub refused entry %1 of an agent&apos;s push: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MetricChart</name>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished">%1 (%2)</translation>
    </message>
    <message>
        <source>B/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KiB/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MiB/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GiB/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
No data at this time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy values at this time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save chart as &amp;PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export data as C&amp;SV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to &amp;live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export chart data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save chart image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished">CSV files (*.csv)</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (bytes/s)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NotificationsView</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>not configured</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>%1 alert, while nobody acknowledges it:</source>
        <translation>%1 alert, while nobody acknowledges it:</translation>
    </message>
    <message>
        <source>nobody (no channel routed)</source>
        <translation>nobody (no channel routed)</translation>
    </message>
    <message>
        <source>  at once: %1</source>
        <translation>  at once: %1</translation>
    </message>
    <message numerus="yes">
        <source>  after %n min: %1</source>
        <translation>
            <numerusform>  after %n min: %1</numerusform>
            <numerusform>  after %n min: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>, level raised</source>
        <translation>, level raised</translation>
    </message>
    <message numerus="yes">
        <source>  then every %n min until resolved: a reminder</source>
        <translation>
            <numerusform>  then every %n min until resolved: a reminder</numerusform>
            <numerusform>  then every %n min until resolved: a reminder</numerusform>
        </translation>
    </message>
    <message>
        <source>Maintenance windows (alerts recorded, nobody notified):</source>
        <translation>Maintenance windows (alerts recorded, nobody notified):</translation>
    </message>
    <message>
        <source>  none</source>
        <translation>  none</translation>
    </message>
    <message numerus="yes">
        <source>  %1: %2 from %3 for %n min (%4)%5</source>
        <translation>
            <numerusform>  %1: %2 from %3 for %n min (%4)%5</numerusform>
            <numerusform>  %1: %2 from %3 for %n min (%4)%5</numerusform>
        </translation>
    </message>
    <message>
        <source> — now</source>
        <translation> — now</translation>
    </message>
    <message>
        <source> — next %1</source>
        <translation> — next %1</translation>
    </message>
    <message>
        <source>    only alerts matching %1</source>
        <translation>    only alerts matching %1</translation>
    </message>
    <message>
        <source>Notification channels</source>
        <translation>Notification channels</translation>
    </message>
    <message>
        <source>Escalation: who hears of an alert, and when</source>
        <translation>Escalation: who hears of an alert, and when</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Last success</source>
        <translation>Last success</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Queued</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Last error</translation>
    </message>
    <message>
        <source>%1 (not configured)</source>
        <translation>%1 (not configured)</translation>
    </message>
</context>
<context>
    <name>RestoreWizard</name>
    <message>
        <source>%1: not restored — %2</source>
        <translation>%1: not restored — %2</translation>
    </message>
    <message>
        <source>Safety backup taken first: %1</source>
        <translation>Safety backup taken first: %1</translation>
    </message>
    <message>
        <source>would be replaced</source>
        <translation>would be replaced</translation>
    </message>
    <message>
        <source>replaced</source>
        <translation>replaced</translation>
    </message>
    <message>
        <source>%1: %2 %3</source>
        <translation>%1: %2 %3</translation>
    </message>
    <message>
        <source>    now %1 files (%2), in the backup %3 files (%4)</source>
        <translation>    now %1 files (%2), in the backup %3 files (%4)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>none (dropped)</source>
        <translation>none (dropped)</translation>
    </message>
    <message>
        <source>    table %1: %2 rows now, %3 after the restore</source>
        <translation>    table %1: %2 rows now, %3 after the restore</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>Restore from a backup</translation>
    </message>
    <message>
        <source>Choose a backup</source>
        <translation>Choose a backup</translation>
    </message>
    <message>
        <source>The service database and directories will be replaced by what this backup holds.</source>
        <translation>The service database and directories will be replaced by what this backup holds.</translation>
    </message>
    <message>
        <source>not verified</source>
        <translation>not verified</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>verified</translation>
    </message>
    <message>
        <source>VERIFY FAILED</source>
        <translation>VERIFY FAILED</translation>
    </message>
    <message>
        <source>What the restore would do</source>
        <translation>What the restore would do</translation>
    </message>
    <message>
        <source>A dry run: the archive is checked and unpacked to a staging area; nothing is changed.</source>
        <translation>A dry run: the archive is checked and unpacked to a staging area; nothing is changed.</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>Restoring</source>
        <translation>Restoring</translation>
    </message>
    <message>
        <source>Checking %1 and working out what would change…</source>
        <translation>Checking %1 and working out what would change…</translation>
    </message>
    <message>
        <source>This replaces the service&apos;s data with %1. A safety backup is taken first, and any failure rolls back.

Type the backup&apos;s name to confirm:</source>
        <translation>This replaces the service&apos;s data with %1. A safety backup is taken first, and any failure rolls back.

Type the backup&apos;s name to confirm:</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Starting…</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Failed: %1</translation>
    </message>
    <message>
        <source>Nothing has been changed yet.</source>
        <translation>Nothing has been changed yet.</translation>
    </message>
    <message>
        <source>Restored.</source>
        <translation>Restored.</translation>
    </message>
    <message>
        <source>The restore failed and was rolled back.</source>
        <translation>The restore failed and was rolled back.</translation>
    </message>
    <message>
        <source>The restore failed.</source>
        <translation>The restore failed.</translation>
    </message>
    <message>
        <source>    before: %1 files (%2); restored: %3 files (%4)</source>
        <translation>    before: %1 files (%2); restored: %3 files (%4)</translation>
    </message>
    <message>
        <source>    table %1: %2 rows before, %3 restored</source>
        <translation>    table %1: %2 rows before, %3 restored</translation>
    </message>
    <message>
        <source>    %1 (%2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rolled back:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1   %2   %3   %4   %5</source>
        <extracomment>A backup in the list: name, when, size, verified or not, why it was taken.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(%1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RuleDialog</name>
    <message>
        <source>New alert rule</source>
        <translation>New alert rule</translation>
    </message>
    <message>
        <source>Edit alert rule</source>
        <translation>Edit alert rule</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Condition:</source>
        <translation>Condition:</translation>
    </message>
    <message>
        <source>SERIES &gt; NUMBER for DURATION (&gt; &gt;= &lt; &lt;=; 30s, 2m, 1h). Series: %1</source>
        <translation>SERIES &gt; NUMBER for DURATION (&gt; &gt;= &lt; &lt;=; 30s, 2m, 1h). Series: %1</translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>Level:</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Title:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Resolve after clear for:</source>
        <translation>Resolve after clear for:</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Enabled</translation>
    </message>
    <message>
        <source>The name is 1-64 of a-z 0-9 _ . -</source>
        <translation>The name is 1-64 of a-z 0-9 _ . -</translation>
    </message>
    <message>
        <source>The condition reads like &quot;cpu_percent &gt; 80 for 2m&quot;.</source>
        <translation>The condition reads like &quot;cpu_percent &gt; 80 for 2m&quot;.</translation>
    </message>
</context>
<context>
    <name>RulesView</name>
    <message>
        <source>Rules from the configuration file are disabled, not removed: edit it and clear &quot;Enabled&quot;.</source>
        <translation>Rules from the configuration file are disabled, not removed: edit it and clear &quot;Enabled&quot;.</translation>
    </message>
    <message>
        <source>Rule removed; a rule of that name in the configuration file applies again.</source>
        <translation>Rule removed; a rule of that name in the configuration file applies again.</translation>
    </message>
    <message>
        <source>Rule saved.</source>
        <translation>Rule saved.</translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Console/API</source>
        <translation>Console/API</translation>
    </message>
    <message>
        <source>Configuration file</source>
        <translation>Configuration file</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Enabled</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>New rule…</source>
        <translation>New rule…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Only administrators change alert rules.</source>
        <translation>Only administrators change alert rules.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>Condition</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>Resolve after</source>
        <translation>Resolve after</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
</context>
<context>
    <name>ServerAddress</name>
    <message>
        <source>Enter the daemon&apos;s address, for example wss://ops.example.net:8765.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address is too long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not an address of a daemon. Use wss://HOST:PORT (or ws://, https://, http://).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console speaks wss:// and ws:// (https:// and http:// are taken as those), not %1://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not put a user name or password in the address; the connect dialog asks for them.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerWatcher</name>
    <message>
        <source>no connection (trying again)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the saved sign-in was refused (%1); connect to the server once to sign in again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its certificate is not trusted yet; connect to the server once to check and trust it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it presents another certificate than the one trusted for it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SilenceDialog</name>
    <message>
        <source>Silence alerts</source>
        <translation>Silence alerts</translation>
    </message>
    <message>
        <source>Matchers (one per line):</source>
        <translation>Matchers (one per line):</translation>
    </message>
    <message>
        <source>LABEL=VALUE, LABEL!=VALUE or LABEL=~REGEX; labels: rule, level, fingerprint, channel. All must match.</source>
        <translation>LABEL=VALUE, LABEL!=VALUE or LABEL=~REGEX; labels: rule, level, fingerprint, channel. All must match.</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 hour</translation>
    </message>
    <message>
        <source>4 hours</source>
        <translation>4 hours</translation>
    </message>
    <message>
        <source>8 hours</source>
        <translation>8 hours</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 day</translation>
    </message>
    <message>
        <source>1 week</source>
        <translation>1 week</translation>
    </message>
    <message>
        <source>For:</source>
        <translation>For:</translation>
    </message>
    <message>
        <source>Why, and who to ask</source>
        <translation>Why, and who to ask</translation>
    </message>
    <message>
        <source>Comment:</source>
        <translation>Comment:</translation>
    </message>
    <message>
        <source>Silence</source>
        <translation>Silence</translation>
    </message>
    <message>
        <source>Add at least one matcher.</source>
        <translation>Add at least one matcher.</translation>
    </message>
    <message>
        <source>Not a matcher: %1</source>
        <translation>Not a matcher: %1</translation>
    </message>
    <message>
        <source>A comment is required.</source>
        <translation>A comment is required.</translation>
    </message>
</context>
<context>
    <name>SilencesView</name>
    <message>
        <source>The silence has ended.</source>
        <translation>The silence has ended.</translation>
    </message>
    <message>
        <source>Silenced until %1.</source>
        <translation>Silenced until %1.</translation>
    </message>
    <message>
        <source>No active silences.</source>
        <translation>No active silences.</translation>
    </message>
    <message>
        <source>New silence…</source>
        <translation>New silence…</translation>
    </message>
    <message>
        <source>End silence</source>
        <translation>End silence</translation>
    </message>
    <message>
        <source>Matchers</source>
        <translation>Matchers</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Until</translation>
    </message>
    <message>
        <source>By</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comment</translation>
    </message>
</context>
<context>
    <name>TlsTrust</name>
    <message>
        <source>The server sent no certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate is self-signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate was issued by a self-signed CA that is not trusted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate&apos;s issuer is not a trusted CA.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate is not trusted for this purpose.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate was not issued for this host name or address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate has expired.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate is not valid yet (check this computer&apos;s clock).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate has been revoked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate&apos;s signature is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate is on a block list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate could not be verified (TLS error %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA file %1 is larger than 4 MiB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the CA file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA file %1 holds no PEM certificate.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Cannot read the token file %1.</source>
        <translation>Cannot read the token file %1.</translation>
    </message>
</context>
</TS>

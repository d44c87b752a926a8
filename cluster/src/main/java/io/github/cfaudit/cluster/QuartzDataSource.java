package io.github.cfaudit.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/** Hands Quartz's job store the connections of our pool, so that one HikariCP pool serves everything. */
final class QuartzDataSource implements ConnectionProvider {
    private final DataSource dataSource;

    QuartzDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
        // the pool belongs to ClusterMode, closed when the CamelContext stops
    }

    @Override
    public void initialize() {}
}

// Tencent Cloud Redis (CRS): instances bought and kept paid, manual backups with download URLs, SQL Server backups, and functions for zones, products, prices, instances, backups and tasks. Every order is placed once.
package tencentcloudredis

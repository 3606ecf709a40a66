package dev.swim.spring.discovery;

import java.util.Set;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.cache.Cache;
import org.springframework.cloud.loadbalancer.cache.LoadBalancerCacheManager;
import org.springframework.cloud.loadbalancer.core.CachingServiceInstanceListSupplier;

/**
 * Empties Spring Cloud LoadBalancer's instance cache each time the SWIM instances of some service
 * change, so that a caching supplier still in use (a load balancer configuration the starter does
 * not replace, such as {@code health-check} or {@code api-version}, or a supplier of your own built
 * {@code withCaching()}) reads the new list on its next request instead of serving the old one
 * until the cache's time-to-live. The cache keys are the load balancer client names, which may
 * differ in case from the service ids, so the whole cache is cleared; it only holds instance lists,
 * and membership changes are rare.
 *
 * <p>LoadBalancer declares its cache manager with {@code autowireCandidate = false} (so that it
 * never competes with the application's own {@code CacheManager}): it cannot be injected, so it is
 * looked up by type in the bean factory on each change.
 */
public class SwimLoadBalancerCacheEvictor
    implements SwimServiceInstancesListener, InitializingBean, DisposableBean {

  private final SwimServiceInstanceChanges changes;
  private final ListableBeanFactory beanFactory;

  /**
   * Creates the evictor; it subscribes once the bean is initialized.
   *
   * @param changes the instance changes to follow
   * @param beanFactory where LoadBalancer's cache managers are, when its cache is on
   */
  public SwimLoadBalancerCacheEvictor(
      SwimServiceInstanceChanges changes, ListableBeanFactory beanFactory) {
    this.changes = changes;
    this.beanFactory = beanFactory;
  }

  @Override
  public void afterPropertiesSet() {
    changes.addListener(this);
  }

  @Override
  public void onInstancesChanged(Set<String> serviceIds) {
    for (LoadBalancerCacheManager manager :
        beanFactory.getBeansOfType(LoadBalancerCacheManager.class).values()) {
      Cache cache =
          manager.getCache(CachingServiceInstanceListSupplier.SERVICE_INSTANCE_CACHE_NAME);
      if (cache != null) {
        cache.clear();
      }
    }
  }

  @Override
  public void destroy() {
    changes.removeListener(this);
  }
}

from home.navigation import navigation_for


def navigation(request):
    return {"main_navigation": navigation_for(request)}

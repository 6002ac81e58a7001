"""What every page's template needs: the lists for the navigation."""

from . import lists


def navigation(request):
    return {"listings": lists.LISTINGS}
